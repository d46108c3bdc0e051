// The shell: who is signed in (the role decides the menu), the graph client with its token, the routes.
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useNavigate } from 'react-router';
import { claimsOf, homeOf, ROLE_NAMES, storedToken, storeToken, type Claims } from './session';
import { SignIn } from './screens/SignIn';

// Every screen but the sign-in page is loaded when first opened.
const Street = lazy(() => import('./screens/Street'));
const Community = lazy(() => import('./screens/Community'));
const Worker = lazy(() => import('./screens/Worker'));
const Evaluation = lazy(() => import('./screens/Evaluation'));
const Volunteers = lazy(() => import('./screens/Volunteers'));
const Canteen = lazy(() => import('./screens/Canteen'));
const Ops = lazy(() => import('./screens/Ops'));

function client(token: string | null) {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache(),
    // A part of the graph that is down leaves the rest of the answer: show it, and say what is missing.
    defaultOptions: { watchQuery: { errorPolicy: 'all' }, query: { errorPolicy: 'all' } },
  });
}

function menu(claims: Claims): [string, string][] {
  const c = claims.community_ids?.[0] ?? '';
  switch (claims.role) {
    case 'STREET_ADMIN':
      return [
        ['/street', '街道总览'],
        ...(claims.community_ids ?? []).map((id, i): [string, string] => [`/community/${id}`, `社区 ${i + 1}`]),
        [`/evaluation/${c}`, '测评'],
        [`/volunteers/${c}`, '志愿服务'],
      ];
    case 'COMMUNITY_STAFF':
      return [
        [`/community/${c}`, '社区工作台'],
        [`/evaluation/${c}`, '测评'],
        [`/volunteers/${c}`, '志愿服务'],
        [`/board/${c}`, '公示栏'],
      ];
    case 'GRID_WORKER':
      return [['/worker', '我的网格']];
    case 'PARTNER':
      return claims.org_id ? [[`/canteen/${claims.org_id}`, '助餐点']] : [];
    case 'OPS':
      return [['/ops', '任务队列']];
    case 'RESIDENT':
      return [[`/board/${c}`, '公示栏']];
  }
}

export function App() {
  const [token, setToken] = useState<string | null>(() => storedToken());
  const claims = token ? claimsOf(token) : null;
  const apollo = useMemo(() => client(token && claimsOf(token) ? token : null), [token]);
  const navigate = useNavigate();
  const signIn = (t: string) => {
    const c = claimsOf(t);
    if (!c) return false;
    storeToken(t);
    setToken(t);
    void navigate(homeOf(c));
    return true;
  };
  const signOut = () => {
    storeToken(null);
    setToken(null);
    void apollo.clearStore();
    void navigate('/');
  };
  return (
    <ApolloProvider client={apollo}>
      <header className="topbar">
        <Link to="/" className="brand">
          服务型居委会
        </Link>
        {claims && (
          <nav>
            {menu(claims).map(([to, label]) => (
              <NavLink key={to} to={to}>
                {label}
              </NavLink>
            ))}
          </nav>
        )}
        <span className="who">
          {claims ? (
            <>
              <span data-role={claims.role}>{ROLE_NAMES[claims.role]}</span>
              <button type="button" onClick={signOut}>
                退出
              </button>
            </>
          ) : (
            <Link to="/board">公示栏</Link>
          )}
        </span>
      </header>
      <main>
        <Suspense fallback={<p className="muted">加载中…</p>}>
          <Routes>
            <Route path="/" element={claims ? <Navigate to={homeOf(claims)} replace /> : <SignIn onToken={signIn} />} />
            <Route path="/board/:communityId?" element={<PublicBoard />} />
            {claims ? (
              <>
                <Route path="/street" element={<Street />} />
                <Route path="/community/:communityId/*" element={<Community claims={claims} />} />
                <Route path="/worker" element={<Worker claims={claims} />} />
                <Route path="/evaluation/:communityId" element={<Evaluation claims={claims} />} />
                <Route path="/volunteers/:communityId" element={<Volunteers />} />
                <Route path="/canteen/:orgId" element={<Canteen claims={claims} />} />
                <Route path="/ops" element={<Ops />} />
              </>
            ) : (
              <Route path="*" element={<Navigate to="/" replace />} />
            )}
            <Route path="*" element={<p className="error">没有这个页面 (no such page)</p>} />
          </Routes>
        </Suspense>
      </main>
    </ApolloProvider>
  );
}

const PublicBoard = lazy(() => import('./screens/PublicBoard'));
