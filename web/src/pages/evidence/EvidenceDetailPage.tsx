import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Result } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, toProblem, type Problem } from '../../api';
import { CopyButton } from '../../components/CopyButton';
import { PageHeader, Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading } from '../../components/RequireAuth';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { EvidenceStatusTag } from './EvidenceStatusTag';
import { base64Bytes, checkpointOf, evidenceApi, formatSize, type Evidence, type EvidenceReceipt } from './evidenceApi';
import './evidence.css';

function NotInReach() {
  const { t } = useI18n();
  usePageTitle(t('evidence.receipt.notFoundTitle'));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t('evidence.receipt.notFoundTitle')}</h1>}
      subTitle={t('evidence.receipt.notFoundText')}
      extra={<Link to="/evidence">{t('evidence.receipt.back')}</Link>}
    />
  );
}

/** Object URLs for the receipt's parts a verifier downloads separately (token DER, certificates). */
function useReceiptFiles(receipt: EvidenceReceipt | null) {
  const files = useMemo(() => {
    if (!receipt) return null;
    const url = (parts: BlobPart[], type: string) => URL.createObjectURL(new Blob(parts, { type }));
    return {
      token: url([base64Bytes(receipt.timestamp.token)], 'application/timestamp-reply'),
      tsaCert: url([receipt.timestamp.certificates[0]], 'application/x-pem-file'),
      caCert: url([receipt.timestamp.certificates.slice(1).join('') || receipt.timestamp.certificates[0]], 'application/x-pem-file'),
    };
  }, [receipt]);
  useEffect(() => () => {
    if (files) for (const u of Object.values(files)) URL.revokeObjectURL(u);
  }, [files]);
  return files;
}

function DownloadLink({ href, download, children }: { href: string; download: string; children: string }) {
  return (
    <a className="evidence-download" href={href} download={download}>
      <DownloadOutlined aria-hidden /> {children}
    </a>
  );
}

function Command({ intro, command }: { intro: string; command: string }) {
  const { t } = useI18n();
  return (
    <li>
      <p>{intro}</p>
      <pre className="evidence-command">
        <code>{command}</code>
      </pre>
      <span className="no-print">
        <CopyButton text={command} label={t('evidence.receipt.copy')} />
      </span>
    </li>
  );
}

/** The printable receipt page (存证凭证) of one piece of evidence. */
export function EvidenceDetailPage() {
  const { id = '' } = useParams();
  const { t, locale, pick } = useI18n();
  const [evidence, setEvidence] = useState<Evidence | null>(null);
  const [receipt, setReceipt] = useState<EvidenceReceipt | null>(null);
  const [pending, setPending] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const files = useReceiptFiles(receipt);

  useEffect(() => {
    setEvidence(null);
    setReceipt(null);
    setNotFound(false);
    setProblem(null);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loadReceipt = async (attempt: number) => {
      try {
        const r = await evidenceApi.receipt(id);
        if (!stopped) {
          setReceipt(r);
          setPending(false);
        }
      } catch (e) {
        if (stopped) return;
        // The checkpoint covering a fresh entry follows within a second or two.
        if (e instanceof ApiError && e.code === 'evidence.receipt_pending' && attempt < 15) {
          setPending(true);
          timer = setTimeout(() => void loadReceipt(attempt + 1), 1000);
        } else setProblem(toProblem(e));
      }
    };
    evidenceApi.get(id).then(
      (e) => {
        if (stopped) return;
        setEvidence(e);
        if (e.status === 'preserved') void loadReceipt(0);
      },
      (e) => {
        if (stopped) return;
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setNotFound(true);
        else setProblem(toProblem(e));
      },
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);

  const verifyUrl = evidence?.sha256 ? `${window.location.origin}/verify?id=${evidence.id}&sha256=${evidence.sha256}` : null;
  useEffect(() => {
    if (!verifyUrl) return;
    QRCode.toString(verifyUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }).then(
      (svg) => setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => setQr(null),
    );
  }, [verifyUrl]);

  if (notFound) return <NotInReach />;
  if (!evidence) return problem ? <ProblemAlert problem={problem} /> : <Loading />;

  const e = evidence;
  const checkpoint = receipt ? checkpointOf(receipt.tlogProof) : null;
  const receiptName = `zhibao-receipt-${e.id}.json`;
  const tsCommand = `openssl ts -verify -data "${e.fileName}" -in token.tsr -token_in -CAfile tsa-ca.pem -untrusted tsa.pem`;
  const provenanceItems = [
    { key: 'method', label: t('evidence.receipt.method'), children: t(`evidence.method.${e.method}`) },
    { key: 'recordedAt', label: t('evidence.receipt.recordedAt'), children: formatDateTime(e.recordedAt, locale) },
    { key: 'submitter', label: t('evidence.receipt.submitter'), children: e.submitter.displayName },
    ...(e.principal ? [{ key: 'principal', label: t('evidence.receipt.principal'), children: e.principal.displayName }] : []),
    { key: 'belongsTo', label: t('evidence.receipt.belongsTo'), children: t('evidence.new.belongsPreservation') },
    ...(e.provenance.webCapture
      ? [
          { key: 'url', label: t('evidence.receipt.url'), children: <span className="evidence-break">{e.provenance.webCapture.url}</span> },
          { key: 'log', label: t('evidence.receipt.captureLog'), children: <pre className="evidence-log">{e.provenance.webCapture.captureLog}</pre> },
        ]
      : []),
    ...(e.provenance.notarisedCopy
      ? [
          { key: 'notary', label: t('evidence.receipt.notaryOffice'), children: e.provenance.notarisedCopy.notaryOffice },
          { key: 'cert', label: t('evidence.receipt.certificateNumber'), children: e.provenance.notarisedCopy.certificateNumber },
        ]
      : []),
    ...(e.provenance.device ? [{ key: 'device', label: t('evidence.receipt.device'), children: e.provenance.device.description }] : []),
  ];

  return (
    <div className="evidence-receipt">
      <PageHeader
        title={t('evidence.receipt.title')}
        intro={
          <>
            {t('evidence.receipt.intro')} <Link className="no-print" to="/evidence">{t('evidence.receipt.back')}</Link>
          </>
        }
        extra={
          e.status === 'preserved' && (
            <Button className="no-print" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
              {t('evidence.receipt.print')}
            </Button>
          )
        }
      />
      <ProblemAlert problem={problem} />
      {e.status === 'receiving' && <Alert type="warning" showIcon title={t('evidence.receipt.receivingTitle')} description={t('evidence.receipt.receivingText', { time: formatDateTime(e.recordedAt, locale) })} />}
      {e.status === 'failed' && e.failure && (
        <Alert type="error" showIcon title={t('evidence.receipt.failedTitle')} description={t('evidence.receipt.failedText', { reason: pick(e.failure.messages) })} />
      )}
      {pending && <Alert type="info" showIcon title={t('evidence.receipt.pending')} />}

      <div className="evidence-receipt-top">
        <Section title={t('evidence.receipt.fileSection')} id="receipt-file">
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'status', label: t('evidence.col.status'), children: <EvidenceStatusTag status={e.status} /> },
              { key: 'name', label: t('evidence.receipt.fileName'), children: <span className="evidence-break">{e.fileName}</span> },
              { key: 'size', label: t('evidence.receipt.size'), children: e.size === null ? '—' : t('evidence.receipt.sizeValue', { size: formatSize(e.size), n: e.size }) },
              { key: 'type', label: t('evidence.receipt.mediaType'), children: <span className="mono">{e.mediaType ?? '—'}</span> },
              { key: 'sha256', label: 'SHA-256', children: <code className="evidence-digest">{e.sha256 ?? '—'}</code> },
              { key: 'sm3', label: 'SM3', children: <code className="evidence-digest">{e.sm3 ?? '—'}</code> },
              { key: 'id', label: t('evidence.receipt.receiptId'), children: <span className="mono">{e.id}</span> },
            ]}
          />
        </Section>
        {qr && verifyUrl && (
          <figure className="evidence-qr">
            <img src={qr} alt={t('evidence.receipt.qrAlt', { url: verifyUrl })} width={176} height={176} />
            <figcaption>{t('evidence.receipt.qrCaption')}</figcaption>
          </figure>
        )}
      </div>

      <Section title={t('evidence.receipt.provenanceSection')} id="receipt-provenance">
        <Descriptions bordered size="small" column={1} items={provenanceItems} />
      </Section>

      {e.status === 'preserved' && (
        <Section title={t('evidence.receipt.ledgerSection')} id="receipt-ledger">
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'tsaTime', label: t('evidence.receipt.tsaTime'), children: e.timestamp ? t('evidence.receipt.tsaTimeValue', { local: formatDateTime(e.timestamp.genTime, locale), utc: e.timestamp.genTime }) : '—' },
              { key: 'tsa', label: t('evidence.receipt.tsa'), children: e.timestamp?.tsa === 'internal' ? t('evidence.receipt.tsaInternal') : (e.timestamp?.tsa ?? '—') },
              { key: 'serial', label: t('evidence.receipt.tsaSerial'), children: <span className="mono">{e.timestamp?.serial ?? '—'}</span> },
              { key: 'preservedAt', label: t('evidence.receipt.preservedAt'), children: formatDateTime(e.preservedAt, locale) },
              { key: 'index', label: t('evidence.receipt.leafIndex'), children: <span className="mono">{receipt?.log.index ?? e.ledger.index ?? '—'}</span> },
              { key: 'checkpoint', label: t('evidence.receipt.checkpoint'), children: checkpoint ? <span className="mono">{t('evidence.receipt.checkpointValue', { origin: checkpoint.origin, size: checkpoint.size })}</span> : '—' },
              { key: 'leaf', label: t('evidence.receipt.leafHash'), children: <code className="evidence-digest">{receipt?.log.leafHash ?? '—'}</code> },
            ]}
          />
        </Section>
      )}

      {e.status === 'preserved' && (
        <Section title={t('evidence.receipt.downloads')} id="receipt-downloads">
          <ul className="evidence-downloads">
            <li>
              <DownloadLink href={evidenceApi.receiptUrl(e.id)} download={receiptName}>
                {t('evidence.receipt.downloadReceipt')}
              </DownloadLink>
            </li>
            {files && (
              <>
                <li>
                  <DownloadLink href={files.token} download="token.tsr">
                    {t('evidence.receipt.downloadToken')}
                  </DownloadLink>
                </li>
                <li>
                  <DownloadLink href={files.tsaCert} download="tsa.pem">
                    {t('evidence.receipt.downloadTsaCert')}
                  </DownloadLink>
                </li>
                <li>
                  <DownloadLink href={files.caCert} download="tsa-ca.pem">
                    {t('evidence.receipt.downloadCaCert')}
                  </DownloadLink>
                </li>
              </>
            )}
            <li>
              <DownloadLink href={evidenceApi.fileUrl(e.id)} download={e.fileName}>
                {t('evidence.receipt.downloadFile')}
              </DownloadLink>
            </li>
          </ul>
        </Section>
      )}

      {e.status === 'preserved' && (
        <Section title={t('evidence.receipt.verifySection')} id="receipt-verify">
          <p>{t('evidence.receipt.verifyIntro')}</p>
          <ol className="evidence-steps">
            <Command intro={t('evidence.receipt.verifyCli')} command={`npx zhibao ledger verify-receipt ${receiptName} "${e.fileName}"`} />
            <Command intro={t('evidence.receipt.verifyTs')} command={tsCommand} />
            <Command intro={t('evidence.receipt.verifyDgst')} command={`openssl dgst -sha256 "${e.fileName}"\nopenssl dgst -sm3 "${e.fileName}"`} />
          </ol>
        </Section>
      )}
    </div>
  );
}
