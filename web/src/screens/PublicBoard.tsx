// The public board, without signing in (seed 001: who is where, so residents can find staff).
export default function PublicBoard() {
  return <div className="screen" data-screen="public-board" />;
}
