import {
  CheckCircleFilled,
  CloseCircleFilled,
  CloseOutlined,
  DownOutlined,
  ExclamationCircleFilled,
  EyeInvisibleOutlined,
  EyeOutlined,
  InfoCircleFilled,
  LoadingOutlined,
} from '@ant-design/icons';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { I18nProvider, useI18n } from './i18n';
import { AccountPage } from './pages/AccountPage';
import { OrgsPage } from './pages/admin/OrgsPage';
import { TemplatesPage } from './pages/admin/TemplatesPage';
import { TokensPage } from './pages/admin/TokensPage';
import { UsersPage } from './pages/admin/UsersPage';
import { ApplicantDetailPage } from './pages/ApplicantDetailPage';
import { ApplicantsPage } from './pages/ApplicantsPage';
import { AuditPage } from './pages/AuditPage';
import { CalendarPage } from './pages/CalendarPage';
import { CaseDetailPage } from './pages/cases/CaseDetailPage';
import { CaseListPage } from './pages/cases/CaseListPage';
import { MattersPage } from './pages/cases/MattersPage';
import { NotificationsPage } from './pages/cases/NotificationsPage';
import { PatentRequestPage } from './pages/cases/PatentRequestPage';
import { SupervisionPage } from './pages/cases/SupervisionPage';
import { EvidenceDetailPage } from './pages/evidence/EvidenceDetailPage';
import { EvidenceListPage } from './pages/evidence/EvidenceListPage';
import { EvidenceUploadPage } from './pages/evidence/EvidenceUploadPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { VerifyPage } from './pages/verify/VerifyPage';
import { SessionProvider } from './session';
import { theme } from './theme';

function Routed() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="account" element={<RequireAuth><AccountPage /></RequireAuth>} />
        <Route path="applicants" element={<RequireAuth permission="applicant.read"><ApplicantsPage /></RequireAuth>} />
        <Route path="applicants/:id" element={<RequireAuth permission="applicant.read"><ApplicantDetailPage /></RequireAuth>} />
        <Route path="admin/orgs" element={<RequireAuth permission="org.read"><OrgsPage /></RequireAuth>} />
        <Route path="admin/users" element={<RequireAuth permission="user.read"><UsersPage /></RequireAuth>} />
        <Route path="admin/tokens" element={<RequireAuth permission="token.manage"><TokensPage /></RequireAuth>} />
        <Route path="admin/templates" element={<RequireAuth permission="template.manage"><TemplatesPage /></RequireAuth>} />
        <Route path="audit" element={<RequireAuth permission="audit.read"><AuditPage /></RequireAuth>} />
        <Route path="calendar" element={<RequireAuth staff><CalendarPage /></RequireAuth>} />
        <Route path="evidence" element={<RequireAuth permission="evidence.read"><EvidenceListPage /></RequireAuth>} />
        <Route path="evidence/new" element={<RequireAuth permission="evidence.create"><EvidenceUploadPage /></RequireAuth>} />
        <Route path="evidence/:id" element={<RequireAuth permission="evidence.read"><EvidenceDetailPage /></RequireAuth>} />
        <Route path="verify" element={<VerifyPage />} />
        <Route path="matters" element={<MattersPage />} />
        <Route path="matters/patent_adjudication/new" element={<RequireAuth permission="case.submit"><PatentRequestPage /></RequireAuth>} />
        <Route path="cases" element={<RequireAuth permission="case.read"><CaseListPage /></RequireAuth>} />
        <Route path="cases/:id" element={<RequireAuth permission="case.read"><CaseDetailPage /></RequireAuth>} />
        <Route path="supervision" element={<RequireAuth permission="case.supervise"><SupervisionPage /></RequireAuth>} />
        <Route path="notifications" element={<RequireAuth permission="notification.self"><NotificationsPage /></RequireAuth>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * Pop-ups (menus, selects, confirmations) open inside the landmark or dialog of the control that
 * opened them rather than at the end of <body>, so all content stays inside landmarks.
 */
function popupContainer(trigger?: HTMLElement): HTMLElement {
  return trigger?.closest<HTMLElement>('[role="dialog"], header, main, nav, footer') ?? document.body;
}

/**
 * antd's icons announce themselves by their English names ("close-circle", "loading"), also in the
 * Chinese interface. Icons that only decorate (an alert's type, a button's spinner, the close icon
 * of a button that has its own label, the show-password eye, a select's arrow) are hidden from
 * assistive technology, so screen readers read only the text. See also components/a11y.tsx.
 */
const alertIcons = {
  successIcon: <CheckCircleFilled aria-hidden />,
  infoIcon: <InfoCircleFilled aria-hidden />,
  warningIcon: <ExclamationCircleFilled aria-hidden />,
  errorIcon: <CloseCircleFilled aria-hidden />,
  closeIcon: <CloseOutlined aria-hidden />,
};
const buttonConfig = { autoInsertSpace: false, loadingIcon: <LoadingOutlined aria-hidden /> };
const inputPasswordConfig = { iconRender: (visible: boolean) => (visible ? <EyeOutlined aria-hidden /> : <EyeInvisibleOutlined aria-hidden />) };
const selectConfig = { suffixIcon: <DownOutlined aria-hidden /> };

function Localised() {
  const { locale, t } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme} button={buttonConfig} alert={alertIcons} inputPassword={inputPasswordConfig} select={selectConfig}
      getPopupContainer={popupContainer} renderEmpty={() => <div className="empty-text">{t('common.noData')}</div>}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised />
    </I18nProvider>
  );
}
