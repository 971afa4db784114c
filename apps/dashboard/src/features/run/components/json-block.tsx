/** JSON as indented text: React escapes it, so markup inside the data stays inert text. */
export function JsonBlock(props: { title: string; value: unknown }) {
  return (
    <section className="card" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.value === null || props.value === undefined ? (
        <p className="hint">None recorded.</p>
      ) : (
        <pre className="json">{JSON.stringify(props.value, null, 2)}</pre>
      )}
    </section>
  );
}
