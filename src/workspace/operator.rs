//! The operator's work on the store as a whole: `doctor`, `export` and
//! `import`, each a record at a time, and moving history to the archive.

use std::io;

use chrono::{DateTime, Duration, Utc};

use super::{Actor, ImportReport, Workspace};
use crate::Error;
use crate::domain::{Action, DomainError};
use crate::store::archive::Swept;
use crate::store::doctor::{self, Report};
use crate::store::dump::Dump;
use crate::store::export::{ExportFailure, Exported, write_export};
use crate::store::import::{ImportFailure, Imported, Importer};
use crate::store::read_export::{ReadFailure, read_export};

/// How often history is moved, at most: a sweep finds little a day later.
const SWEEP_EVERY_HOURS: i64 = 24;

/// Why `export` stopped.
#[derive(Debug)]
pub enum ExportError {
    App(Error),
    /// Writing the output failed.
    Output(io::Error),
}

impl From<Error> for ExportError {
    fn from(error: Error) -> Self {
        ExportError::App(error)
    }
}

impl Workspace {
    /// Checks every invariant of the store and its archive (the operator's).
    pub fn doctor(&self, actor: &Actor) -> Result<Report, Error> {
        self.authorize_store(actor, Action::CheckStore)?;
        let _writer = self.lock_writer();
        Ok(doctor::examine(&self.store)?)
    }

    /// Everything in the store, history included, in memory (tests and
    /// small stores; `export` streams with [`Workspace::export_to`]).
    pub fn export(&self, actor: &Actor) -> Result<Dump, Error> {
        self.authorize_store(actor, Action::ExportStore)?;
        let _writer = self.lock_writer();
        Ok(Dump::load(&self.store)?)
    }

    /// `export`: writes every record, history included, to `out` as the
    /// export JSON, a record at a time (the operator's).
    pub fn export_to(
        &self,
        actor: &Actor,
        out: &mut dyn io::Write,
    ) -> Result<Exported, ExportError> {
        self.authorize_store(actor, Action::ExportStore)?;
        let _writer = self.lock_writer();
        write_export(&self.store, out).map_err(|failure| match failure {
            ExportFailure::Store(error) => ExportError::App(error.into()),
            ExportFailure::Output(error) => ExportError::Output(error),
        })
    }

    /// Refuses an import into a store that holds anything.
    fn check_empty(&self) -> Result<(), Error> {
        if self.store.is_empty() {
            return Ok(());
        }
        Err(DomainError::refused(format!(
            "the store at {} is not empty: import restores into an empty store only",
            self.store.dir().display()
        ))
        .into())
    }

    /// `import`: restores the export `reader` holds into an empty store, a
    /// record at a time, then runs on it every check the commands run and
    /// every invariant `doctor` checks: anything refused refuses the whole
    /// export and leaves the store empty (the operator's).
    pub fn import_from(&self, actor: &Actor, reader: impl io::Read) -> Result<ImportReport, Error> {
        self.authorize_store(actor, Action::ImportStore)?;
        let imported = {
            let _writer = self.lock_writer();
            self.check_empty()?;
            let mut importer = Importer::begin(&self.store)?;
            if let Err(failure) = read_export(reader, &mut importer) {
                importer.abandon()?;
                return Err(match failure {
                    ReadFailure::Store(error) => error.into(),
                    ReadFailure::NotAnExport(why) => DomainError::Invalid(format!(
                        "this is not a teamdesk export ({why}): nothing was imported"
                    ))
                    .into(),
                });
            }
            self.keep_import(importer)?
        };
        self.after_import(imported)
    }

    /// Restores an export held in memory, as [`Workspace::import_from`] does.
    pub fn import(&self, actor: &Actor, dump: &Dump) -> Result<ImportReport, Error> {
        self.authorize_store(actor, Action::ImportStore)?;
        let imported = {
            let _writer = self.lock_writer();
            self.check_empty()?;
            let mut importer = Importer::begin(&self.store)?;
            if let Err(error) = feed(&mut importer, dump) {
                importer.abandon()?;
                return Err(error.into());
            }
            self.keep_import(importer)?
        };
        self.after_import(imported)
    }

    /// Checks a written import and keeps it, or says why it was refused.
    fn keep_import(&self, importer: Importer<'_>) -> Result<Imported, Error> {
        let imported = importer.finish().map_err(|failure| match failure {
            ImportFailure::Store(error) => Error::from(error),
            ImportFailure::Refused(problems) => {
                let first = problems.first().cloned().unwrap_or_default();
                let more = match problems.len().saturating_sub(1) {
                    0 => String::new(),
                    1 => " (and 1 more problem)".into(),
                    rest => format!(" (and {rest} more problems)"),
                };
                DomainError::Invalid(format!(
                    "the export was refused and nothing was imported: {first}{more}"
                ))
                .into()
            }
        })?;
        // Later changes are ordered after everything imported.
        self.entropy.advance_past(imported.newest_audit);
        let now = self.now();
        self.write(now, |_| Ok(()))?;
        Ok(imported)
    }

    /// What an import restored; its history moves to the archive at once.
    fn after_import(&self, imported: Imported) -> Result<ImportReport, Error> {
        self.sweep(self.now())?;
        Ok(ImportReport {
            accounts: imported.accounts,
            teams: imported.teams,
            invitations: imported.invitations,
            templates: imported.templates,
        })
    }

    /// Moves everything that is history now into the archive (the operator's).
    pub fn archive_history(&self, actor: &Actor) -> Result<Swept, Error> {
        self.authorize_store(actor, Action::CheckStore)?;
        self.sweep(self.now())
    }

    /// Moves history into the archive when the last sweep is a day old or
    /// more (or never ran): `outbox send` and the delivery worker call it.
    pub(super) fn archive_if_due(&self) -> Result<Option<Swept>, Error> {
        let now = self.now();
        let due = match self.store.swept_at()? {
            Some(at) => sweep_due(at, now),
            None => true,
        };
        if !due {
            return Ok(None);
        }
        self.sweep(now).map(Some)
    }

    /// One sweep at a time; another asked for meanwhile is skipped.
    fn sweep(&self, now: DateTime<Utc>) -> Result<Swept, Error> {
        let Ok(_sweeping) = self.sweeping.try_lock() else {
            return Ok(Swept::default());
        };
        let cutoff = self.settings.retention.cutoff(now);
        let swept = self.store.archive_history(cutoff, &self.writer)?;
        self.store.set_swept_at(now)?;
        if !swept.is_empty() {
            tracing::info!(
                "moved to the archive: {} invitations, {} emails, {} audit entries",
                swept.invitations,
                swept.messages,
                swept.audit_entries
            );
        }
        Ok(swept)
    }
}

fn sweep_due(last: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last >= Duration::hours(SWEEP_EVERY_HOURS)
}

/// Every record of an in-memory export, into an import.
fn feed(importer: &mut Importer<'_>, dump: &Dump) -> Result<(), crate::store::StoreError> {
    importer.format(dump.format);
    for account in &dump.accounts {
        importer.account(account)?;
    }
    for team in &dump.teams {
        importer.team(team)?;
    }
    for membership in &dump.memberships {
        importer.membership(membership)?;
    }
    for invitation in &dump.invitations {
        importer.invitation(invitation)?;
    }
    for template in &dump.templates {
        importer.template(template)?;
    }
    for entry in &dump.audit {
        importer.audit(entry)?;
    }
    for message in &dump.outbox {
        importer.message(message)?;
    }
    for account in &dump.billing_accounts {
        importer.billing_account(account)?;
    }
    for adjustment in &dump.adjustments {
        importer.adjustment(adjustment)?;
    }
    for invoice in &dump.invoices {
        importer.invoice(invoice)?;
    }
    Ok(())
}
