//! One command line, once parsed: what it asks the workspace for, run once.
//! Files and standard input are read here, before the store is opened, so a
//! slow or endless input never holds the store.

use std::io::{self, Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

use super::Failure;
use super::args::*;
use crate::billing::invoice::Invoice;
use crate::domain::outbox::DeliveryStatus;
use crate::domain::ssh_key::KEY_TEXT_MAX;
use crate::domain::text::TEMPLATE_BODY_MAX;
use crate::domain::{DomainError, InvitationStatus, Staff};
use crate::mail::transport::Mailer;
use crate::store::archive::Swept;
use crate::store::doctor::Report;
use crate::store::read_export::{ReadFailure, check_export};
use crate::workspace::ExportError;
use crate::workspace::{
    AccountKeyView, AccountView, Actor, AuditView, BillingRequest, BillingView, CardDetails,
    Command, ImportReport, InvitationView, InviteResult, KeyChoice, LookupFound, MemberView,
    NewPlan, OutboxView, Outcome, TeamChoice, TeamSettings, TeamView, TemplateSummary,
    TemplateView, Workspace,
};

/// How many addresses `support lookup` lists for the beginning of one.
const LOOKUP_LIMIT: usize = 20;

/// What a command line asks for.
pub enum Request {
    /// A change, made by [`Workspace::execute`].
    Change(Command),
    /// A read (or the operator's store-wide work).
    Read(Read),
}

/// The reads of the command line.
pub enum Read {
    Account,
    /// `account keys`: the SSH keys of the account with this address.
    AccountKeys(String),
    Team(TeamChoice),
    Members(TeamChoice),
    Invitations(TeamChoice, Option<InvitationStatus>),
    Templates,
    Template {
        name: String,
        raw: bool,
    },
    Billing,
    BillingPreview,
    Invoices {
        limit: usize,
        format: InvoiceFormat,
    },
    Lookup(String),
    Audit(TeamChoice, usize),
    Export,
    /// The export to restore, already checked to be one.
    Import(std::fs::File),
    Doctor,
    /// `archive`: move history into the archive now.
    Archive,
    Outbox(Option<DeliveryStatus>),
    /// `outbox send`.
    Deliver,
}

/// What the workspace answered, ready to print.
pub enum Answer {
    Outcome(Outcome),
    Account(AccountView),
    AccountKeys(Vec<AccountKeyView>),
    Team(TeamView),
    Members(Vec<MemberView>),
    Invitations(Vec<InvitationView>),
    Templates(Vec<TemplateSummary>),
    Template {
        view: TemplateView,
        raw: bool,
    },
    Billing(BillingView),
    Invoice(Box<Invoice>),
    Invoices(Vec<Invoice>, InvoiceFormat),
    Lookup(LookupFound),
    Audit(Vec<AuditView>),
    /// The export went to standard output as it was read.
    Exported,
    Imported(ImportReport),
    Doctor(Report),
    Archived(Swept),
    Outbox(Vec<OutboxView>),
    Delivered(Vec<OutboxView>),
}

impl Answer {
    /// 0, except that a bulk invite with a refused address exits with that
    /// address's code (every other address was still invited), and `doctor`
    /// finding a problem exits 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            Answer::Outcome(Outcome::Invited(results) | Outcome::ResentExpired(results)) => results
                .iter()
                .find_map(|result| match result {
                    InviteResult::Refused { exit_code, .. } => Some(*exit_code),
                    InviteResult::Invited(_) => None,
                })
                .unwrap_or(0),
            Answer::Doctor(report) if !report.is_sound() => 1,
            _ => 0,
        }
    }
}

/// The file the request reads (`-`: standard input), if it reads one: a
/// server reads it only for a client on its own machine, as that client.
pub(super) fn file_read(command: &Cmd) -> Option<&Path> {
    match command {
        Cmd::Import { file } => Some(file),
        Cmd::Template(TemplateCmd::Add { body_file, .. } | TemplateCmd::Edit { body_file, .. }) => {
            Some(body_file)
        }
        Cmd::Account(AccountCmd::AddKey {
            key: KeyInput {
                key_file: Some(file),
                ..
            },
            ..
        }) => Some(file),
        _ => None,
    }
}

/// The most of its standard input a client sends a command through the
/// server: more than any file such a command reads may hold (a template
/// body: 64 KiB), so one too long is refused as it would be without one.
pub const MOST_STDIN_BYTES: usize = 256 * 1024;

/// Where a request's file and standard input come from.
pub enum Inputs {
    /// This process's own.
    Own,
    /// A client's, run by the server holding the store: standard input as
    /// the client sent it, and a file named from the client's folder when
    /// it has one here (a local command: the client is the server's user
    /// on its machine, the socket being theirs alone). A client over SSH
    /// has none: its files are not this machine's.
    Client {
        folder: Option<PathBuf>,
        stdin: Vec<u8>,
    },
}

impl Inputs {
    /// The file at `path` (standard input is not a file).
    fn file(&self, path: &Path) -> io::Result<std::fs::File> {
        match self {
            Inputs::Own => std::fs::File::open(path),
            Inputs::Client {
                folder: Some(folder),
                ..
            } => std::fs::File::open(folder.join(path)),
            Inputs::Client { folder: None, .. } => Err(io::ErrorKind::PermissionDenied.into()),
        }
    }

    /// Standard input.
    fn stdin(&self) -> io::Result<Box<dyn io::Read + '_>> {
        match self {
            Inputs::Own => Ok(Box::new(io::stdin().lock())),
            Inputs::Client { stdin, .. } => Ok(Box::new(stdin.as_slice())),
        }
    }

    /// `path`, or standard input for `-`.
    fn open(&self, path: &Path) -> io::Result<Box<dyn io::Read + '_>> {
        if path == Path::new("-") {
            self.stdin()
        } else {
            Ok(Box::new(self.file(path)?))
        }
    }
}

impl Request {
    /// The request a parsed command makes (the console, the demo and
    /// completions are not requests).
    pub fn from_command(command: &Cmd, inputs: &Inputs) -> Result<Request, Failure> {
        Ok(match command {
            Cmd::Account(command) => account(command, inputs)?,
            Cmd::Team(command) => team(command),
            Cmd::Member(command) => member(command),
            Cmd::Invite(command) => invite(command),
            Cmd::Join { link, name } => Request::Change(Command::Join {
                link: link.clone(),
                name: name.clone(),
            }),
            Cmd::Template(command) => template(command, inputs)?,
            Cmd::Billing(command) => billing(command),
            Cmd::Support(SupportCmd::Lookup { email }) => {
                Request::Read(Read::Lookup(email.clone()))
            }
            Cmd::Audit { limit, team } => Request::Read(Read::Audit(choice(team), *limit)),
            Cmd::Export => Request::Read(Read::Export),
            Cmd::Import { file } => Request::Read(Read::Import(open_export(file, inputs)?)),
            Cmd::Doctor => Request::Read(Read::Doctor),
            Cmd::Archive => Request::Read(Read::Archive),
            Cmd::Outbox(OutboxCmd::Send) => Request::Read(Read::Deliver),
            Cmd::Outbox(OutboxCmd::List { status }) => {
                Request::Read(Read::Outbox(status.map(Into::into)))
            }
            Cmd::Demo { .. } | Cmd::Completions { .. } | Cmd::LinkKey(_) | Cmd::Serve(_) => {
                unreachable!(
                    "the console, the demo, completions, the link key and the server are not requests"
                )
            }
        })
    }

    /// Whether this is the store operator's work, which refuses an acting person.
    pub fn is_operators(&self) -> bool {
        matches!(
            self,
            Request::Change(
                Command::CreateAccount { .. }
                    | Command::AddAccountKey { .. }
                    | Command::RemoveAccountKey { .. }
            ) | Request::Read(
                Read::AccountKeys(_)
                    | Read::Export
                    | Read::Import(_)
                    | Read::Doctor
                    | Read::Archive
                    | Read::Outbox(_)
                    | Read::Deliver
            )
        )
    }

    /// Whether this request may create the store when there is none: only
    /// the ones that create records.
    pub fn creates_store(&self) -> bool {
        matches!(
            self,
            Request::Change(Command::CreateAccount { .. }) | Request::Read(Read::Import(_))
        )
    }

    /// Whether the request makes or sends invitation links, and so needs the install's link key.
    pub fn needs_link_key(&self) -> bool {
        match self {
            Request::Change(command) => command.issues_links(),
            Request::Read(read) => matches!(read, Read::Deliver),
        }
    }

    /// Runs the request once, as `actor`; the emails a change queued are
    /// tried at once through `mailer`. An export is written to `out` as it
    /// is read; every other answer is returned, for `out` to be given it.
    pub fn run(
        self,
        workspace: &Workspace,
        actor: &Actor,
        mailer: &Mailer,
        out: &mut dyn io::Write,
    ) -> Result<Answer, Failure> {
        let read = match self {
            Request::Change(command) => {
                let mut outcome = workspace.execute(actor, command)?;
                super::mail::deliver_sent(workspace, mailer, &mut outcome)?;
                return Ok(Answer::Outcome(outcome));
            }
            Request::Read(read) => read,
        };
        Ok(match read {
            Read::Account => Answer::Account(workspace.account(actor)?),
            Read::AccountKeys(email) => Answer::AccountKeys(workspace.account_keys(actor, &email)?),
            Read::Team(team) => Answer::Team(workspace.team(actor, &team)?),
            Read::Members(team) => Answer::Members(workspace.members(actor, &team)?),
            Read::Invitations(team, status) => {
                Answer::Invitations(workspace.invitations(actor, &team, status)?)
            }
            Read::Templates => Answer::Templates(workspace.templates(actor)?),
            Read::Template { name, raw } => Answer::Template {
                view: workspace.template(actor, &name)?,
                raw,
            },
            Read::Billing => Answer::Billing(workspace.billing(actor)?),
            Read::BillingPreview => Answer::Invoice(Box::new(workspace.billing_preview(actor)?)),
            Read::Invoices { limit, format } => {
                Answer::Invoices(workspace.invoices(actor, limit)?, format)
            }
            Read::Lookup(query) => {
                Answer::Lookup(workspace.lookup_or_match(actor, &query, LOOKUP_LIMIT)?)
            }
            Read::Audit(team, limit) => Answer::Audit(workspace.audit_log(actor, &team, limit)?),
            Read::Export => {
                let mut stdout = io::BufWriter::with_capacity(1 << 16, out);
                let exported =
                    workspace
                        .export_to(actor, &mut stdout)
                        .map_err(|error| match error {
                            ExportError::App(error) => Failure::App(error),
                            ExportError::Output(error) => Failure::Output(error),
                        });
                exported?;
                stdout.flush()?;
                Answer::Exported
            }
            Read::Import(file) => Answer::Imported(workspace.import_from(actor, file)?),
            Read::Doctor => Answer::Doctor(workspace.doctor(actor)?),
            Read::Archive => Answer::Archived(workspace.archive_history(actor)?),
            Read::Outbox(status) => Answer::Outbox(workspace.outbox(actor, status)?),
            Read::Deliver => Answer::Delivered(super::mail::block_on(
                workspace.deliver_due(actor, mailer),
            )??),
        })
    }
}

fn choice(team: &TeamOption) -> TeamChoice {
    TeamChoice::from_option(team.team.as_deref())
}

fn account(command: &AccountCmd, inputs: &Inputs) -> Result<Request, Failure> {
    Ok(match command {
        AccountCmd::Create {
            email,
            name,
            plan,
            cycle,
            staff,
        } => Request::Change(Command::CreateAccount {
            email: email.clone(),
            name: name.clone(),
            plan: match plan {
                PlanArg::Free => NewPlan::Free,
                PlanArg::Pro => NewPlan::Pro((*cycle).into()),
            },
            staff: staff.map(|StaffArg::Support| Staff::Support),
        }),
        AccountCmd::AddKey { email, key } => Request::Change(Command::AddAccountKey {
            email: email.clone(),
            key: key_text(key, inputs)?,
        }),
        AccountCmd::RemoveKey { email, key } => Request::Change(Command::RemoveAccountKey {
            email: email.clone(),
            key: match (&key.fingerprint, &key.key) {
                (Some(fingerprint), _) => KeyChoice::Fingerprint(fingerprint.clone()),
                (None, key) => KeyChoice::Key(key.clone().unwrap_or_default()),
            },
        }),
        AccountCmd::Keys { email } => Request::Read(Read::AccountKeys(email.clone())),
        AccountCmd::Show => Request::Read(Read::Account),
        AccountCmd::Upgrade { cycle, card } => Request::Change(Command::UpgradeAccount {
            cycle: (*cycle).into(),
            card: card_details(card),
        }),
    })
}

/// The public key read from its file or standard input (no more than the
/// longest key text the domain accepts, and one byte to know it is longer),
/// or given on the command line. The domain checks what it holds; clap
/// requires one of the two, and nothing given is the empty text it refuses.
fn key_text(input: &KeyInput, inputs: &Inputs) -> Result<String, Failure> {
    match (&input.key_file, &input.key) {
        (Some(path), _) => {
            let bytes = read_input(path, Some(KEY_TEXT_MAX), inputs)?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        (None, key) => Ok(key.clone().unwrap_or_default()),
    }
}

fn team(command: &TeamCmd) -> Request {
    Request::Change(match command {
        TeamCmd::Create { name } => Command::CreateTeam { name: name.clone() },
        TeamCmd::Show { team } => return Request::Read(Read::Team(choice(team))),
        TeamCmd::Upgrade => Command::UpgradeTeam,
        TeamCmd::Downgrade => Command::DowngradeTeam,
        TeamCmd::Set {
            name,
            session_sharing,
            language,
        } => Command::ChangeSettings(TeamSettings {
            name: name.clone(),
            session_sharing: session_sharing.map(|switch| matches!(switch, Switch::On)),
            language: language.map(EmailLanguage::language),
        }),
        TeamCmd::Transfer { email } => Command::TransferOwnership { to: email.clone() },
        TeamCmd::Delete { confirm } => Command::DeleteTeam {
            confirm_name: confirm.clone(),
        },
    })
}

fn member(command: &MemberCmd) -> Request {
    Request::Change(match command {
        MemberCmd::List { team } => return Request::Read(Read::Members(choice(team))),
        MemberCmd::Remove { email } => Command::RemoveMember {
            email: email.clone(),
        },
        MemberCmd::Role { email, role } => Command::ChangeRole {
            email: email.clone(),
            role: (*role).into(),
        },
        MemberCmd::Leave => Command::LeaveTeam,
    })
}

fn invite(command: &InviteCmd) -> Request {
    Request::Change(match command {
        InviteCmd::Add { emails, role } => Command::Invite {
            emails: emails.clone(),
            role: (*role).into(),
        },
        InviteCmd::List { status, team } => {
            return Request::Read(Read::Invitations(choice(team), status.map(Into::into)));
        }
        InviteCmd::Resend {
            email: Some(email),
            team,
            ..
        } => Command::ResendInvitation {
            team: choice(team),
            email: email.clone(),
        },
        InviteCmd::Resend { team, .. } => Command::ResendExpired { team: choice(team) },
        InviteCmd::Revoke { email, team } => Command::RevokeInvitation {
            team: choice(team),
            email: email.clone(),
        },
    })
}

fn template(command: &TemplateCmd, inputs: &Inputs) -> Result<Request, Failure> {
    Ok(match command {
        TemplateCmd::List => Request::Read(Read::Templates),
        TemplateCmd::Show { name, raw } => Request::Read(Read::Template {
            name: name.clone(),
            raw: *raw,
        }),
        TemplateCmd::Add { name, body_file } => Request::Change(Command::AddTemplate {
            name: name.clone(),
            body: read_body(body_file, inputs)?,
        }),
        TemplateCmd::Edit {
            name,
            body_file,
            base_version,
        } => Request::Change(Command::EditTemplate {
            name: name.clone(),
            body: read_body(body_file, inputs)?,
            based_on: *base_version,
        }),
        TemplateCmd::Rm { name } => Request::Change(Command::RemoveTemplate { name: name.clone() }),
    })
}

/// The card given on the command line, when all of it was given.
fn card_details(card: &CardArgs) -> Option<CardDetails> {
    match (&card.card_brand, &card.card_last4, card.card_expiry) {
        (Some(brand), Some(last4), Some((month, year))) => Some(CardDetails {
            brand: brand.clone(),
            last4: last4.clone(),
            expiry_month: month,
            expiry_year: year,
        }),
        _ => None,
    }
}

fn billing(command: &BillingCmd) -> Request {
    match command {
        BillingCmd::Show => Request::Read(Read::Billing),
        BillingCmd::Preview => Request::Read(Read::BillingPreview),
        BillingCmd::Invoices { limit, format } => Request::Read(Read::Invoices {
            limit: *limit,
            format: *format,
        }),
        BillingCmd::Set {
            card,
            billing_email,
            cycle,
        } => Request::Change(Command::UpdateBilling(BillingRequest {
            card: card_details(card),
            billing_email: billing_email.clone(),
            cycle: cycle.map(Into::into),
        })),
    }
}

/// Why a file cannot be read, in a few words.
fn why(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "there is no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => error.to_string(),
    }
}

/// Reads a file, or standard input for `-`, stopping past `limit` bytes.
fn read_input(path: &Path, limit: Option<usize>, inputs: &Inputs) -> Result<Vec<u8>, Failure> {
    let cannot = |error: io::Error| {
        DomainError::Invalid(format!("cannot read {}: {}", path.display(), why(&error)))
    };
    let source = inputs.open(path).map_err(cannot)?;
    // One byte more than allowed is enough to know the input is too long.
    let most = limit.map_or(u64::MAX, |limit| limit as u64 + 1);
    let mut bytes = Vec::new();
    source.take(most).read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}

/// A template body from a file or standard input: UTF-8, at most 64 KiB.
fn read_body(path: &Path, inputs: &Inputs) -> Result<String, Failure> {
    let bytes = read_input(path, Some(TEMPLATE_BODY_MAX), inputs)?;
    if bytes.len() > TEMPLATE_BODY_MAX {
        return Err(DomainError::Invalid(format!(
            "{} holds more than {TEMPLATE_BODY_MAX} bytes (64 KiB), the most a template body may hold: shorten it",
            path.display()
        ))
        .into());
    }
    String::from_utf8(bytes)
        .map_err(|_| DomainError::Invalid(format!("{} is not UTF-8 text", path.display())).into())
}

/// An export to import, checked to be JSON with a format this teamdesk
/// reads before the store is opened. Standard input is first copied to a
/// file only this process can reach (removed at once, so nothing is left
/// behind), since the export is read twice: once to check it, once to
/// import it a record at a time.
fn open_export(path: &Path, inputs: &Inputs) -> Result<std::fs::File, Failure> {
    let cannot = |error: io::Error| -> Failure {
        DomainError::Invalid(format!("cannot read {}: {}", path.display(), why(&error))).into()
    };
    let mut file = if path == Path::new("-") {
        let mut spool = unlinked_temp_file().map_err(cannot)?;
        // Plain reads and writes (io::copy would splice the two files).
        let mut stdin = inputs.stdin().map_err(cannot)?;
        let mut buffer = vec![0; 1 << 16];
        loop {
            match stdin.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => spool.write_all(&buffer[..read]).map_err(cannot)?,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(cannot(error)),
            }
        }
        spool.rewind().map_err(cannot)?;
        spool
    } else {
        inputs.file(path).map_err(cannot)?
    };
    let format = check_export(&mut file).map_err(|failure| -> Failure {
        match failure {
            ReadFailure::NotAnExport(e) => {
                DomainError::Invalid(format!("{} is not a teamdesk export: {e}", path.display()))
                    .into()
            }
            ReadFailure::Store(error) => error.into(),
        }
    })?;
    let known = crate::store::dump::OLDEST_DUMP_FORMAT..=crate::store::dump::DUMP_FORMAT;
    if !known.contains(&format) {
        return Err(DomainError::Invalid(format!(
            "this export has format {format}; this teamdesk reads formats {} to {}",
            known.start(),
            known.end()
        ))
        .into());
    }
    file.rewind().map_err(cannot)?;
    Ok(file)
}

/// A new file in the temporary folder, owner-only, already removed from
/// the folder: it lives as long as its handle.
fn unlinked_temp_file() -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = std::env::temp_dir();
    for attempt in 0u32..100 {
        let path = dir.join(format!("teamdesk-import-{}-{attempt}", std::process::id()));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(file) => {
                std::fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("no free name for a temporary file"))
}
