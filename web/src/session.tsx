import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setSessionLostHandler, type Permission, type SessionInfo } from './api';

interface SessionValue {
  /** undefined while the first `GET /api/auth/me` is in flight; null when signed out. */
  session: SessionInfo | null | undefined;
  /**
   * True from the moment the visitor asks to sign out until the next sign-in. Pages that need a
   * session then send the visitor home rather than to the sign-in page, whichever of the
   * navigation home and the cleared session React renders first.
   */
  signedOut: boolean;
  setSession: (s: SessionInfo | null) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
  can: (p: Permission) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<SessionInfo | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  const setSession = useCallback((s: SessionInfo | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    if (s) setSignedOut(false);
    setSessionState(s);
  }, []);

  const refresh = useCallback(async () => {
    try {
      setSession(await api.me());
    } catch {
      setSession(null);
    }
  }, [setSession]);

  useEffect(() => {
    void refresh();
    setSessionLostHandler(() => setSession(null));
    return () => setSessionLostHandler(null);
  }, [refresh, setSession]);

  const logout = useCallback(async () => {
    setSignedOut(true);
    try {
      await api.logout();
    } finally {
      setSession(null);
    }
  }, [setSession]);

  const value = useMemo<SessionValue>(
    () => ({ session, signedOut, setSession, refresh, logout, can: (p) => !!session?.permissions.includes(p) }),
    [session, signedOut, setSession, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
