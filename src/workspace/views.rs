//! What reads and commands return: plain data, serialisable as the `--json`
//! shapes documented in the README, and drawn by every interface.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Serialize, Serializer};

use crate::billing::period::Period;
use crate::domain::outbox::{Attempt, DeliveryStatus, MessageKind, Undelivered};
use crate::domain::timeline::TimelineEntry;
use crate::domain::triage::NextStep;
use crate::domain::{
    AccountId, AccountKey, AuditAction, AuditDetail, Cycle, DiagnosticCode, InvitationId,
    InvitationStatus, Language, MessageId, PaymentMethod, PlanEvent, Role, TeamId, TeamKind,
};

/// A person named in a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub name: String,
    pub email: String,
}

/// `account show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountView {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    /// `free`, `pro (monthly)`, `pro (yearly)` or `pro (team)`.
    pub plan: String,
    pub staff: Option<String>,
    pub team: Option<TeamRef>,
    pub plan_history: Vec<PlanEvent>,
    /// Personal Pro time a team took over, unused: credit on this account, in minor units.
    pub credit: i64,
    /// The person's own card, masked (`visa ending 4242, expires 12/2028`).
    pub payment_method: Option<String>,
    /// The same card as its parts, for interfaces that word it themselves.
    pub card: Option<PaymentMethod>,
}

/// A team named from an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamRef {
    pub id: TeamId,
    pub name: String,
    pub role: Role,
    pub owner: bool,
}

/// `team show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamView {
    pub id: TeamId,
    pub name: String,
    pub kind: TeamKind,
    /// Whole days left while a Clinic trial runs.
    pub trial_days_left: Option<i64>,
    pub trial_ends_at: Option<DateTime<Utc>>,
    pub owner: PersonRef,
    /// The running period's billing cycle.
    pub cycle: Cycle,
    /// The cycle the owner chose for the next period, when it differs.
    pub next_cycle: Option<Cycle>,
    pub session_sharing: bool,
    /// The language of the team's invitation emails.
    pub language: Language,
    pub members: usize,
    pub billable_seats: usize,
    pub assistants: usize,
    pub created_at: DateTime<Utc>,
    /// After an upgrade or downgrade: what it did to the next invoice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_effect: Option<BillingEffect>,
}

/// One line of `member list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberView {
    pub account: AccountId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub owner: bool,
    pub billable: bool,
    pub joined_at: DateTime<Utc>,
    /// The plan history entry written when this member joined (what they
    /// paid before). Boxed, as is the billing effect: a large team's list
    /// holds 100,000 rows that have neither.
    pub joined_from: Option<Box<PlanEvent>>,
    /// After a role change: what it did to the next invoice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_effect: Option<Box<BillingEffect>>,
}

/// One refused attempt to open an invitation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusalView {
    pub at: DateTime<Utc>,
    pub code: DiagnosticCode,
    pub by_email: String,
    pub other_team: Option<String>,
}

/// One line of `invite list`, with its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvitationView {
    pub id: InvitationId,
    pub team: TeamId,
    pub team_name: String,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub invited_by: PersonRef,
    /// When the state changed from pending (revoked, superseded or accepted).
    pub closed_at: Option<DateTime<Utc>>,
    /// Who revoked it.
    pub revoked_by: Option<PersonRef>,
    pub resent_from: Option<InvitationId>,
    /// The newest refused openings of the link (at most 20), oldest first.
    pub refused_attempts: Vec<RefusalView>,
    /// Every refused opening of the link, those no longer listed included.
    pub refused_total: u32,
}

/// A link just created by `invite add` or `invite resend`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentLink {
    pub email: String,
    pub role: Role,
    pub link: String,
    pub expires_at: DateTime<Utc>,
    /// For an invite: what the address joining today would add to the next invoice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_effect: Option<BillingEffect>,
    /// The outbox message carrying the link.
    #[serde(skip)]
    pub message: MessageId,
    /// What became of the email when the command tried to send it at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryNote>,
}

/// One outbox message, for `outbox list`, `outbox send` and the commands
/// that send at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxView {
    pub id: MessageId,
    pub to: String,
    pub kind: MessageKind,
    pub team: TeamId,
    pub invitation: InvitationId,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    pub note: DeliveryNote,
    /// Queued: when the next attempt is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt: Option<DateTime<Utc>>,
    /// Every attempt, oldest first.
    pub attempts: Vec<Attempt>,
}

/// What became of an email when it was tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryNote {
    pub status: DeliveryStatus,
    /// Sent: where to (`smtp 127.0.0.1:2525`). Otherwise: why, in the words
    /// of the mail server when it gave any.
    pub detail: String,
}

/// One address's result in a (bulk) invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum InviteResult {
    Invited(SentLink),
    Refused {
        email: String,
        error: String,
        exit_code: i32,
    },
}

/// `join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JoinView {
    pub team: TeamRef,
    pub account_created: bool,
    /// What happened to the personal plan (`upgraded_by_team` or `pro_cancelled_on_joining`).
    pub plan_change: PlanEvent,
}

/// `template list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateSummary {
    pub name: String,
    pub version: u32,
    pub bytes: usize,
    pub updated_at: DateTime<Utc>,
    pub updated_by: PersonRef,
}

/// `template show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateView {
    pub name: String,
    pub body: String,
    pub version: u32,
    pub created_at: DateTime<Utc>,
    pub created_by: PersonRef,
    pub updated_at: DateTime<Utc>,
    pub updated_by: PersonRef,
}

/// `billing show`: the summary of R11 and SPEC §2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillingView {
    pub team: String,
    pub kind: TeamKind,
    pub trial_days_left: Option<i64>,
    /// The running period's cycle.
    pub cycle: Cycle,
    /// The cycle the owner chose for the next period, when it differs.
    pub next_cycle: Option<Cycle>,
    /// Every charge runs through the owner's account.
    pub owner: PersonRef,
    pub billable_seats: usize,
    pub assistants: usize,
    pub currency: String,
    /// A billable seat's price for the running period (a trial at the Pro rate).
    pub seat_price: i64,
    /// What the next invoice comes to, as things stand.
    pub period_total: i64,
    /// The running period, and the day the next invoice is issued.
    pub period: Period,
    pub next_invoice_on: NaiveDate,
    /// Credit carried to the next invoice; never paid out.
    pub credit: i64,
    /// The card on file, masked (`visa ending 4242, expires 12/2028`).
    pub payment_method: Option<String>,
    /// The same card as its parts, for interfaces that word it themselves.
    pub card: Option<PaymentMethod>,
    pub billing_email: Option<String>,
    pub hint: Option<String>,
    /// Billable seats each day of the running period so far.
    pub seats_by_day: Vec<usize>,
    /// The newest invoices' totals, oldest first (at most 12).
    pub recent_totals: Vec<InvoiceTotal>,
}

/// One issued invoice's total, for the history chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceTotal {
    pub period_start: NaiveDate,
    pub total: i64,
}

/// What a change would do to the next invoice (R11's cost preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillingEffect {
    /// Billable seats added (negative: removed).
    pub seats: i64,
    /// Added to the next invoice (negative: credited), pro rata.
    pub amount: i64,
    pub currency: String,
    /// The running period's cycle: the amount is for the rest of it.
    pub cycle: Cycle,
    pub next_invoice_on: NaiveDate,
}

/// What support sees for one invitation of an address (R13), and admins
/// for the invitation they open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageRow {
    pub invitation: InvitationView,
    /// The next step, as a fact each interface words itself.
    pub next: NextStep,
    /// When its email was queued in the outbox (its delivery, for support).
    pub email_queued_at: Option<DateTime<Utc>>,
    /// Where its email stands; none for records older than the outbox.
    pub email_delivery: Option<EmailView>,
    /// Where its reminder stands, once one was queued.
    pub reminder_delivery: Option<EmailView>,
    /// Everything that happened to it, oldest first.
    pub timeline: Vec<TimelineView>,
}

/// One moment of an invitation's timeline, with the people it names.
pub type TimelineView = TimelineEntry<PersonRef>;

/// Where one email of an invitation stands, for triage: the facts behind
/// its timeline's delivery events, for scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmailView {
    pub status: DeliveryStatus,
    /// Failed: why it will never be sent.
    pub reason: Option<Undelivered>,
    pub attempts: usize,
    /// The newest attempt's reply, in the transport's own words.
    pub last_reply: Option<String>,
    /// Queued after temporary failures: since when they have lasted.
    pub deferred_since: Option<DateTime<Utc>>,
    /// Queued: when the next attempt is due.
    pub next_attempt: Option<DateTime<Utc>>,
}

/// `support lookup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupView {
    pub email: String,
    pub account: Option<LookupAccount>,
    pub invitations: Vec<TriageRow>,
}

/// `support lookup` of the beginning of an address: every invited address
/// that starts with it, up to a limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupMatches {
    /// The beginning looked up, as it was matched (trimmed, lower-cased).
    pub query: String,
    pub addresses: Vec<LookupView>,
    /// More addresses start with it than are listed.
    pub more: bool,
}

/// What `support lookup` found: one whole address (as it always has), or
/// the addresses a beginning matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupFound {
    Address(LookupView),
    Matches(LookupMatches),
}

/// The looked-up address's account, when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupAccount {
    pub name: String,
    pub plan: String,
    pub team: Option<String>,
}

/// One line of `audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditView {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The actor's name as the account has it now, for the console (`None`
    /// for the clock); the JSON keeps its documented shape.
    #[serde(skip)]
    pub actor_name: Option<String>,
    pub action: AuditAction,
    pub target: String,
    /// The console words it in its language; the JSON holds the English
    /// sentence, as documented.
    #[serde(serialize_with = "sentence")]
    pub details: AuditDetail,
}

/// A value as its English sentence.
fn sentence<S: Serializer>(
    value: &impl std::fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// One account in the operator's picker, and the account an SSH key signs in as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountSummary {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    pub plan: String,
    pub staff: bool,
    pub team: Option<String>,
}

/// One SSH key of an account (`account keys`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountKeyView {
    /// The key type, such as `ssh-ed25519`.
    pub algorithm: String,
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// The label at the end of the key's line; empty when there is none.
    pub comment: String,
}

impl From<&AccountKey> for AccountKeyView {
    fn from(key: &AccountKey) -> Self {
        Self {
            algorithm: key.algorithm().to_owned(),
            fingerprint: key.fingerprint().to_owned(),
            comment: key.comment().to_owned(),
        }
    }
}
