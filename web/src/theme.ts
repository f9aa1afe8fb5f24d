import type { ThemeConfig } from 'antd';

/**
 * antd's default theme with a deep blue primary. Text colours that antd draws lighter than
 * WCAG 2.1 AA allows (secondary text, error text) are darkened to keep a 4.5:1 contrast.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1a4f8b',
    colorLink: '#1a4f8b',
    colorInfo: '#1a4f8b',
    // antd derives light backgrounds from the seed colours; from dark seeds they come out grey,
    // so the light variants are given explicitly.
    colorPrimaryBg: '#e8f0fa',
    colorPrimaryBgHover: '#d6e4f5',
    colorPrimaryBorder: '#a9c1e0',
    colorInfoBg: '#eef4fb',
    colorInfoBorder: '#b5cbe6',
    colorError: '#b3261e',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    colorSuccess: '#389e0d',
    colorSuccessBg: '#f0f9eb',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#d46b08',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#123a66', headerHeight: 64, headerPadding: '0', bodyBg: '#f3f5f8', footerBg: '#e8ecf1', footerPadding: '0' },
  },
};
