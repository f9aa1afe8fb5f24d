import { Button, Form, InputNumber, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type CalendarOverview, type DeadlineResult } from '../../api';
import { busyLoading } from '../../components/busy';
import { DateField } from '../../components/DateField';
import { Section } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormProblem } from '../../components/useFormProblem';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';

interface Values {
  start: Dayjs;
  amount: number;
  unit: 'wd' | 'd';
}

/** The public working-day calculator (GET /api/calendar/add). */
export function DeadlineCalculator() {
  const { t, locale, pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const { problem, report, clear, onValuesChange } = useFormProblem(form);
  const [result, setResult] = useState<DeadlineResult | null>(null);
  const [overview, setOverview] = useState<CalendarOverview | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.calendar().then(setOverview, () => setOverview(null));
  }, []);

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      setResult(await api.addDuration(v.start.format('YYYY-MM-DD'), `${v.amount}${v.unit}`));
    } catch (e) {
      setResult(null);
      report(e);
    } finally {
      setBusy(false);
    }
  };

  const amountOf = (duration: string) => Number.parseInt(duration, 10);
  const unitOf = (duration: string) => (duration.endsWith('wd') ? t('calc.unitWd') : t('calc.unitD'));

  return (
    <Section title={t('calc.title')} id="deadline-calculator">
      <p>{t('calc.intro')}</p>
      <Form<Values>
        form={form}
        name="deadline"
        layout="vertical"
        initialValues={{ start: dayjs(), amount: 15, unit: 'wd' }}
        onFinish={submit}
        onValuesChange={onValuesChange}
        requiredMark={false}
      >
        <Form.Item
          name="start"
          label={t('calc.start')}
          extra={t('calc.startHelp')}
          rules={[{ required: true, message: t('calc.startRequired') }]}
        >
          <DateField format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('calc.amount')}
          rules={[{ required: true, message: t('calc.amountRequired') }]}
        >
          <InputNumber min={0} max={3650} precision={0} controls={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="unit" label={t('calc.unit')}>
          <Radio.Group
            aria-label={t('calc.unit')}
            options={[
              { value: 'wd', label: t('calc.unitWd') },
              { value: 'd', label: t('calc.unitD') },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busyLoading(busy)}>
          {t('calc.submit')}
        </Button>
      </Form>
      <div aria-live="polite">
        {problem && (
          <div style={{ marginTop: 16 }}>
            <ProblemAlert problem={problem} />
          </div>
        )}
        {result && (
          <div className="deadline-result">
            <div>
              {t('calc.resultLead', {
                start: formatDate(result.start, locale),
                amount: amountOf(result.duration),
                unit: unitOf(result.duration),
              })}
            </div>
            <div className="deadline-date">{formatDate(result.date, locale)}</div>
            {result.rolledOverFrom && <div>{t('calc.rolled', { date: formatDate(result.rolledOverFrom, locale) })}</div>}
            <div>{t('calc.basis', { basis: pick(result.basis) })}</div>
          </div>
        )}
      </div>
      {overview && (
        <p className="field-hint" style={{ marginTop: 16 }}>
          {t('calc.coverage', { from: overview.coverage.from, to: overview.coverage.to })}
        </p>
      )}
    </Section>
  );
}
