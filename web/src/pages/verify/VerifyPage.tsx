import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import { Alert, Button, Progress } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorText } from '../../../../src/platform/errors';
import type { FileDigests } from '../../../../src/domains/ledger/verify/file-digests';
import { sameKeys } from '../../../../src/domains/ledger/verify/keys';
import type { ReceiptVerification, VerifyStep } from '../../../../src/domains/ledger/verify/verify-receipt';
import { PageHeader, Section } from '../../components/PageHeader';
import { useI18n, type MessageKey } from '../../i18n';
import { DropZone } from './DropZone';
import './verify.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX64 = /^[0-9a-f]{64}$/i;

/**
 * The file's chunks from File.stream(), read one at a time (so a large file is never held whole).
 * Every few MiB it yields to the event loop, so the progress bar paints while hashing.
 */
async function* chunksOf(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let sincePause = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
      sincePause += value.length;
      if (sincePause >= 4 << 20) {
        sincePause = 0;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
  } finally {
    reader.releaseLock();
  }
}

type ServerKeys = { state: 'loading' } | { state: 'ok'; keys: string[] } | { state: 'unavailable' };

type Prefill = { state: 'none' } | { state: 'loading'; id: string } | { state: 'ok'; id: string; text: string } | { state: 'failed'; id: string; reason: string };

const STATUS_ICON = {
  pass: <CheckCircleFilled aria-hidden className="verify-icon verify-icon-pass" />,
  fail: <CloseCircleFilled aria-hidden className="verify-icon verify-icon-fail" />,
  skip: <MinusCircleFilled aria-hidden className="verify-icon verify-icon-skip" />,
};

function StepItem({ step, index }: { step: VerifyStep; index: number }) {
  const { t, locale } = useI18n();
  const label = (key: string) => {
    const k = `verify.detail.${key}` as MessageKey;
    const text = t(k);
    return text === undefined || text === k ? key : text;
  };
  const value = (key: string, v: VerifyStep['details'][string]) => {
    if ((key === 'keySource' || key === 'tsaSource') && (v === 'receipt' || v === 'pinned')) return t(`verify.source.${v}`);
    return Array.isArray(v) ? v : String(v);
  };
  const headingId = `verify-step-${step.id}`;
  return (
    <li className={`verify-step verify-step-${step.status}`} aria-labelledby={headingId} data-step={step.id} data-status={step.status}>
      <h3 className="verify-step-title" id={headingId}>
        {STATUS_ICON[step.status]}
        <span className="verify-step-number">{index + 1}.</span>
        <span>{t(`verify.step.${step.id}` as MessageKey)}</span>
        <span className={`verify-step-status verify-status-${step.status}`}>{t(`verify.status.${step.status}`)}</span>
      </h3>
      {step.code && <p className="verify-step-message">{errorText(step.code, locale, step.params)}</p>}
      {step.cause && <p className="verify-step-cause">{t('verify.cause', { text: errorText(step.cause.code, locale, step.cause.params) })}</p>}
      {Object.keys(step.details).length > 0 && (
        <dl className="verify-details">
          {Object.entries(step.details).map(([k, v]) => {
            const shown = value(k, v);
            return (
              <div key={k} className="verify-detail">
                <dt>{label(k)}</dt>
                <dd>
                  {Array.isArray(shown) ? (
                    <ul>
                      {shown.map((s) => (
                        <li key={s}>
                          <code>{s}</code>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <code>{shown}</code>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </li>
  );
}

function KeyComparison({ result, server }: { result: ReceiptVerification; server: ServerKeys }) {
  const { t } = useI18n();
  if (server.state === 'loading' || result.keys.length === 0) return null;
  const issuer = result.receipt?.issuer ?? '';
  const used = result.keys.map((k) => k.key);
  const match = server.state === 'ok' && sameKeys(used, server.keys);
  return (
    <section className="verify-keys" aria-labelledby="verify-keys-heading" data-testid="verify-keys" data-match={match ? 'yes' : 'no'}>
      <h3 id="verify-keys-heading" className="verify-step-title">
        {t('verify.keys.title')}
      </h3>
      <Alert
        type={match ? 'success' : 'warning'}
        showIcon
        title={match ? t('verify.keys.match') : server.state === 'ok' ? t('verify.keys.differ', { issuer }) : t('verify.keys.unavailable', { issuer })}
      />
      <dl className="verify-details">
        <div className="verify-detail">
          <dt>{t('verify.keys.used')}</dt>
          <dd>
            <ul>
              {result.keys.map((k) => (
                <li key={k.key}>
                  <code>
                    {k.name} {k.keyId} ({k.type})
                  </code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {server.state === 'ok' && !match && (
          <div className="verify-detail">
            <dt>{t('verify.keys.server')}</dt>
            <dd>
              <ul>
                {server.keys.map((k) => (
                  <li key={k}>
                    <code>{k.split('+').slice(0, 2).join(' ')}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function HowTo() {
  const { t } = useI18n();
  return (
    <Section title={t('verify.howto.title')} id="verify-howto">
      <p>{t('verify.howto.intro')}</p>
      <p>{t('verify.howto.cli')}</p>
      <pre className="verify-code" tabIndex={0}>
        {'npx zhibao ledger verify-receipt receipt.json evidence.pdf \\\n  --key vkeys.txt --tsa-ca tsa-ca.pem'}
      </pre>
      <p>{t('verify.howto.hash')}</p>
      <pre className="verify-code" tabIndex={0}>
        {'openssl dgst -sha256 evidence.pdf\nopenssl dgst -sm3 evidence.pdf'}
      </pre>
      <p>{t('verify.howto.tsa')}</p>
      <pre className="verify-code" tabIndex={0}>
        {'openssl ts -verify -data evidence.pdf -in token.der -token_in -CAfile ca.pem'}
      </pre>
      <p>{t('verify.howto.sig')}</p>
      <pre className="verify-code" tabIndex={0}>
        {'openssl pkeyutl -verify -pubin -inkey ed25519.pem -rawin -in text -sigfile sig\nopenssl pkeyutl -verify -pubin -inkey sm2.pem -rawin -digest sm3 \\\n  -pkeyopt distid:1234567812345678 -in text -sigfile sig'}
      </pre>
      <p>{t('verify.howto.docs')}</p>
    </Section>
  );
}

export function VerifyPage() {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const [receiptFile, setReceiptFile] = useState<File | null>(null);
  const [evidenceFile, setEvidenceFile] = useState<File | null>(null);
  const [prefill, setPrefill] = useState<Prefill>({ state: 'none' });
  const [progress, setProgress] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<{ v: ReceiptVerification; file: FileDigests | undefined } | null>(null);
  const [server, setServer] = useState<ServerKeys>({ state: 'loading' });
  const resultRef = useRef<HTMLDivElement>(null);

  // The keys this server publishes, to compare with those that signed the checkpoint.
  useEffect(() => {
    let live = true;
    fetch('/api/ledger/vkeys', { headers: { accept: 'text/plain' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const keys = (await res.text()).split('\n').map((l) => l.trim()).filter(Boolean);
        if (live) setServer({ state: 'ok', keys });
      })
      .catch(() => live && setServer({ state: 'unavailable' }));
    return () => {
      live = false;
    };
  }, []);

  // ?id=<uuid>&sha256=<hex> (the QR code on printed receipts): fetch the receipt from this server.
  const id = params.get('id') ?? '';
  const sha256 = params.get('sha256') ?? '';
  useEffect(() => {
    if (!UUID.test(id) || !HEX64.test(sha256)) return;
    let live = true;
    setPrefill({ state: 'loading', id });
    fetch(`/api/public/evidence/${encodeURIComponent(id)}/receipt?sha256=${encodeURIComponent(sha256.toLowerCase())}`, { headers: { accept: 'application/json' } })
      .then(async (res) => {
        const text = await res.text();
        if (!res.ok) {
          let reason = `HTTP ${res.status}`;
          try {
            const p = JSON.parse(text) as { messages?: Record<string, string> };
            reason = p.messages?.[locale] ?? reason;
          } catch {
            // not a problem document
          }
          throw new Error(reason);
        }
        if (live) setPrefill({ state: 'ok', id, text });
      })
      .catch((e: unknown) => live && setPrefill({ state: 'failed', id, reason: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
    // The locale only words the failure; a language switch need not fetch again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, sha256]);

  const haveReceipt = receiptFile !== null || prefill.state === 'ok';

  const run = useCallback(async () => {
    if (busy) return;
    setProblem(null);
    setResult(null);
    let receiptText: string;
    if (receiptFile) {
      try {
        receiptText = await receiptFile.text();
      } catch (e) {
        setProblem(t('verify.receiptUnreadable', { reason: e instanceof Error ? e.message : String(e) }));
        return;
      }
    } else if (prefill.state === 'ok') {
      receiptText = prefill.text;
    } else {
      setProblem(t('verify.needReceipt'));
      return;
    }
    setBusy(true);
    try {
      // The verifier (pkijs, hashes, SM2) is loaded on first use: the rest of the UI does not need it.
      const [{ digestChunks }, { verifyReceipt }] = await Promise.all([
        import('../../../../src/domains/ledger/verify/file-digests'),
        import('../../../../src/domains/ledger/verify/verify-receipt'),
      ]);
      let digests: FileDigests | undefined;
      if (evidenceFile) {
        const total = evidenceFile.size;
        setProgress(0);
        let shown = 0;
        digests = await digestChunks(chunksOf(evidenceFile), (read) => {
          const percent = total ? Math.floor((read / total) * 100) : 100;
          if (percent !== shown) {
            shown = percent;
            setProgress(percent);
          }
        });
        setProgress(100);
      }
      const v = await verifyReceipt(receiptText, digests ? { file: digests } : {});
      setResult({ v, file: digests });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }, [busy, receiptFile, prefill, evidenceFile, t]);

  // Move focus to the result so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const verdict = useMemo(() => {
    if (!result) return null;
    const { v } = result;
    const keysDiffer = server.state !== 'ok' || !sameKeys(v.keys.map((k) => k.key), server.keys);
    if (v.verdict === 'failed') return { type: 'error' as const, text: t('verify.verdict.failed') };
    if (v.verdict === 'verified_without_file') return { type: 'warning' as const, text: t('verify.verdict.verifiedWithoutFile') };
    return { type: keysDiffer ? ('warning' as const) : ('success' as const), text: t('verify.verdict.verified') };
  }, [result, server, t]);

  return (
    <div className="verify-page">
      <PageHeader title={t('verify.title')} intro={t('verify.intro')} />
      <Section title={t('verify.inputs')} id="verify-inputs">
        {prefill.state === 'loading' && <Alert type="info" showIcon title={t('verify.receiptFetching')} />}
        {prefill.state === 'ok' && !receiptFile && <Alert type="info" showIcon title={t('verify.receiptFromServer', { id: prefill.id })} />}
        {prefill.state === 'failed' && <Alert type="warning" showIcon title={t('verify.receiptFetchFailed', { id: prefill.id, reason: prefill.reason })} />}
        <div className="verify-inputs">
          <DropZone
            label={t('verify.receiptLabel')}
            hint={t('verify.receiptHint')}
            accept=".json,application/json"
            file={receiptFile}
            status={!receiptFile && prefill.state === 'ok' ? t('verify.receiptFromServerShort', { id: prefill.id }) : undefined}
            onChange={(f) => {
              setReceiptFile(f);
              setResult(null);
            }}
            testId="verify-receipt-input"
          />
          <DropZone
            label={t('verify.fileLabel')}
            hint={t('verify.fileHint')}
            file={evidenceFile}
            onChange={(f) => {
              setEvidenceFile(f);
              setResult(null);
            }}
            testId="verify-file-input"
          />
        </div>
        {problem && <Alert className="verify-problem" type="error" showIcon title={problem} />}
        <div className="verify-actions">
          <Button type="primary" onClick={run} loading={busy} disabled={!haveReceipt} data-testid="verify-start">
            {t('verify.start')}
          </Button>
          <Button
            onClick={() => {
              setReceiptFile(null);
              setEvidenceFile(null);
              setResult(null);
              setProblem(null);
            }}
            disabled={busy}
          >
            {t('verify.reset')}
          </Button>
        </div>
        {progress !== null && (
          <div className="verify-progress" role="status">
            <Progress percent={progress} aria-hidden />
            <span>{t('verify.hashing', { percent: progress })}</span>
          </div>
        )}
        {busy && progress === null && (
          <div className="verify-progress" role="status">
            {t('verify.verifying')}
          </div>
        )}
      </Section>

      {result && verdict && (
        <div className="section-card verify-results" ref={resultRef} tabIndex={-1} aria-labelledby="verify-results-heading" role="region" data-testid="verify-results" data-verdict={result.v.verdict}>
          <div className="section-card-head">
            <h2 className="section-card-title" id="verify-results-heading">
              {t('verify.results')}
            </h2>
          </div>
          <div className="section-card-body">
            <Alert type={verdict.type} showIcon title={verdict.text} data-testid="verify-verdict" />
            <KeyComparison result={result.v} server={server} />
            {result.v.trust.tsa === 'receipt' && <p className="field-hint verify-tsa-note">{t('verify.tsaNote')}</p>}
            <ol className="verify-steps" aria-label={t('verify.stepsLabel')}>
              {result.v.steps.map((s, i) => (
                <StepItem key={s.id} step={s} index={i} />
              ))}
            </ol>
          </div>
        </div>
      )}

      <HowTo />
    </div>
  );
}
