/** The audit log of every workspace: who did what, when and from where. */
export function AuditView() {
  return (
    <section className="view" aria-labelledby="audit-title">
      <header className="view__header">
        <h1 id="audit-title" tabIndex={-1}>
          Audit
        </h1>
        <p className="muted">Who did what to your keys, when and from where.</p>
      </header>
      <div className="view__body">
        <div className="empty-state">
          <h3>No audit events yet</h3>
          <p>
            The audit log appears here once Keywarden syncs each workspace's audit trail: keys created, revoked and
            rotated, with who did it and from where, and what this app did itself.
          </p>
        </div>
      </div>
    </section>
  );
}
