// Sign-in: a demo user of each role (development only: the gateway offers them when it holds the
// demo signing key), or a token from the real identity provider pasted in.
import { useEffect, useState } from 'react';
import { claimsOf } from '../session';

interface DemoUser {
  key: string;
  label: string;
  role: string;
  description: string;
}

export function SignIn(props: { onToken: (token: string) => boolean }) {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    fetch('/app/demo-users')
      .then((r) => (r.ok ? (r.json() as Promise<{ users: DemoUser[] }>) : { users: [] }))
      .then((b) => setUsers(b.users))
      .catch(() => setUsers([]));
  }, []);
  const demo = async (key: string) => {
    setProblem(null);
    const res = await fetch('/app/demo-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
    });
    const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
    if (!body.token || !props.onToken(body.token)) setProblem(body.error ?? '登录失败 (sign-in failed)');
  };
  return (
    <div className="sign-in" data-screen="sign-in">
      <section className="card" data-section="demo-users" data-state={users ? 'ready' : 'loading'}>
        <header>
          <h2>选择演示用户登录</h2>
        </header>
        {users === null && <p className="muted">加载中…</p>}
        {users?.length === 0 && <p className="muted">此环境未提供演示用户,请使用身份认证平台签发的令牌登录。</p>}
        <ul className="demo-users">
          {users?.map((u) => (
            <li key={u.key}>
              <button type="button" data-demo-user={u.key} onClick={() => void demo(u.key)}>
                <strong>{u.label}</strong>
                <span>{u.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <header>
          <h2>使用令牌登录</h2>
        </header>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const t = pasted.trim().replace(/^Bearer\s+/i, '');
            if (!claimsOf(t) || !props.onToken(t)) setProblem('令牌无效或已过期 (invalid or expired token)');
          }}
        >
          <label>
            身份认证平台签发的令牌 (JWT)
            <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} rows={3} name="token" />
          </label>
          <button type="submit">登录</button>
        </form>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
      </section>
    </div>
  );
}
