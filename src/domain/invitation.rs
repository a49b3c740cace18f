//! Invitations: tokens, links, status, and the checks made when a link is opened (R3–R6).

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::calendar::day;
use super::error::{DiagnosticCode, DomainError};
use super::ids::{AccountId, Fresh, InvitationId, MessageId, SECRET_BYTES, TeamId};
use super::team::Role;
use super::text::Email;

/// How long a link stays valid after it was (re)sent (R3).
pub const LINK_VALID_DAYS: i64 = 30;
/// A pending link's reminder goes out this many days before it expires.
pub const REMINDER_DAYS: i64 = 3;
/// Refused openings kept on an invitation: the newest ones, enough for
/// triage, so that no stranger can grow a record without limit.
pub const REFUSALS_KEPT: usize = 20;
/// After the first [`REFUSALS_KEPT`] refusals, at most one audit entry per
/// this many minutes sums up an invitation's further refused openings.
pub const REFUSAL_AUDIT_MINUTES: i64 = 60;
/// The install's secret that every link's token is derived from. It is kept
/// outside the store, so the store never holds what makes a working link:
/// an undelivered email keeps only its invitation's id, and the link is
/// derived again when the email goes out.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkKey([u8; LINK_KEY_BYTES]);

/// Bytes in a [`LinkKey`]: 256 bits, HMAC-SHA-256's own strength.
pub const LINK_KEY_BYTES: usize = 32;

impl LinkKey {
    pub const fn from_bytes(bytes: [u8; LINK_KEY_BYTES]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; LINK_KEY_BYTES] {
        &self.0
    }
}

/// Keys are secrets: debug output never shows one.
impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

/// The secret part of an invitation link. It is shown once, in the link, and
/// only its SHA-256 hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

/// SHA-256 of a token: what the store keeps and indexes.
pub type TokenHash = [u8; 32];

/// What a link's token is an HMAC of, besides the invitation's id: naming
/// the purpose keeps these MACs apart from any other use of the key.
const TOKEN_PURPOSE: &[u8] = b"teamdesk invitation link v1\0";

impl Token {
    /// The token of `invitation`'s link: HMAC-SHA-256 of its id under the
    /// install's key, cut to [`SECRET_BYTES`]. Unpredictable without the key,
    /// and derivable again by whoever holds it (the mail worker).
    pub fn derive(key: &LinkKey, invitation: InvitationId) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes())
            .expect("HMAC accepts a key of any length");
        mac.update(TOKEN_PURPOSE);
        mac.update(invitation.as_bytes());
        let digest = mac.finalize().into_bytes();
        Self(
            digest[..SECRET_BYTES]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        )
    }

    /// The token inside a link (`…/join/<token>`) or a bare token. Anything that
    /// cannot be a token is an unknown link.
    pub fn from_link(link_or_token: &str) -> Result<Self, DomainError> {
        let trimmed = link_or_token.trim();
        let candidate = match trimmed.rsplit_once("/join/") {
            Some((_, token)) => token.trim_end_matches('/'),
            None => trimmed,
        };
        let well_formed =
            candidate.len() == SECRET_BYTES * 2 && candidate.bytes().all(|b| b.is_ascii_hexdigit());
        if well_formed {
            Ok(Self(candidate.to_ascii_lowercase()))
        } else {
            Err(DomainError::UnknownLink)
        }
    }

    pub fn hash(&self) -> TokenHash {
        Sha256::digest(self.0.as_bytes()).into()
    }

    /// The link a person opens: `<base_url>/join/<token>`.
    pub fn link(&self, base_url: &str) -> String {
        format!("{}/join/{}", base_url.trim_end_matches('/'), self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Tokens are secrets: debug output never shows one.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// The stored life-cycle of an invitation. "Expired" is not stored: it is a
/// pending invitation whose window has passed (see [`Invitation::status_at`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationState {
    Pending,
    Revoked {
        by: AccountId,
        at: DateTime<Utc>,
    },
    Superseded {
        by: InvitationId,
        at: DateTime<Utc>,
    },
    Accepted {
        account: AccountId,
        at: DateTime<Utc>,
    },
}

/// The status people see and filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Expired,
    Revoked,
    Superseded,
    Accepted,
}

impl InvitationStatus {
    /// Pending or expired: the only invitations that can be resent or
    /// revoked (R4, R5); the others are settled.
    pub fn is_open(self) -> bool {
        matches!(self, InvitationStatus::Pending | InvitationStatus::Expired)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Expired => "expired",
            InvitationStatus::Revoked => "revoked",
            InvitationStatus::Superseded => "superseded",
            InvitationStatus::Accepted => "accepted",
        }
    }
}

/// A refused attempt to open a link, kept for support triage (R13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedAttempt {
    pub at: DateTime<Utc>,
    pub code: DiagnosticCode,
    /// The account that tried, as it signed in.
    pub by_email: Email,
    /// For `INV-OTHER-TEAM`: the team the account is in.
    pub other_team: Option<String>,
}

/// An offer for one address to join one team with one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: InvitationId,
    pub team: TeamId,
    pub email: Email,
    pub role: Role,
    pub token_hash: TokenHash,
    /// Who sent this link (for a resend: who resent it).
    pub invited_by: AccountId,
    /// When this link was sent.
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: InvitationState,
    /// The earlier invitation this one was resent from.
    pub replaces: Option<InvitationId>,
    /// The newest refused openings, at most [`REFUSALS_KEPT`], oldest first.
    pub refused_attempts: Vec<RefusedAttempt>,
    /// Every refused opening ever, those no longer kept included.
    #[serde(default)]
    pub refused_total: u32,
    /// When a refused opening last reached the audit log.
    #[serde(default)]
    pub refusals_audited_at: Option<DateTime<Utc>>,
    /// Refused openings since then that the audit log has not named yet.
    #[serde(default)]
    pub refusals_unaudited: u32,
    /// The outbox message that carries this link.
    pub message: MessageId,
    /// The reminder sent before the link expires, once queued.
    #[serde(default)]
    pub reminder: Option<MessageId>,
}

impl Invitation {
    /// A new pending invitation, valid for 30 days from `now`, and the token
    /// of its link (shown once; only its hash is kept).
    pub fn issue(
        fresh: &mut dyn Fresh,
        team: TeamId,
        email: Email,
        role: Role,
        invited_by: AccountId,
        now: DateTime<Utc>,
    ) -> (Self, Token) {
        let id = InvitationId::fresh(fresh);
        let token = Token::derive(fresh.link_key(), id);
        let invitation = Self {
            id,
            team,
            email,
            role,
            token_hash: token.hash(),
            invited_by,
            sent_at: now,
            expires_at: now + Duration::days(LINK_VALID_DAYS),
            state: InvitationState::Pending,
            replaces: None,
            refused_attempts: Vec::new(),
            refused_total: 0,
            refusals_audited_at: None,
            refusals_unaudited: 0,
            message: MessageId::fresh(fresh),
            reminder: None,
        };
        (invitation, token)
    }

    pub fn status_at(&self, now: DateTime<Utc>) -> InvitationStatus {
        match self.state {
            InvitationState::Pending if now >= self.expires_at => InvitationStatus::Expired,
            InvitationState::Pending => InvitationStatus::Pending,
            InvitationState::Revoked { .. } => InvitationStatus::Revoked,
            InvitationState::Superseded { .. } => InvitationStatus::Superseded,
            InvitationState::Accepted { .. } => InvitationStatus::Accepted,
        }
    }

    /// While pending and not yet reminded: when its link expires (the
    /// reminder is sent [`REMINDER_DAYS`] before).
    pub fn awaits_reminder(&self) -> Option<DateTime<Utc>> {
        (self.state == InvitationState::Pending && self.reminder.is_none())
            .then_some(self.expires_at)
    }

    /// Whether its reminder is due at `now`: pending, not yet reminded, and
    /// within [`REMINDER_DAYS`] of an expiry still ahead.
    pub fn reminder_due(&self, now: DateTime<Utc>) -> bool {
        self.awaits_reminder().is_some_and(|expires_at| {
            now < expires_at && expires_at - Duration::days(REMINDER_DAYS) <= now
        })
    }

    /// Pending or expired: still the live offer for its address in its team,
    /// the one that can be resent or revoked.
    pub fn is_open(&self) -> bool {
        self.state == InvitationState::Pending
    }

    /// Whether the link itself can still be used at `now`, with the refusal
    /// and its diagnostic code when it cannot.
    pub fn check_link_usable(
        &self,
        now: DateTime<Utc>,
        describe_account: impl Fn(AccountId) -> String,
    ) -> Result<(), DomainError> {
        match &self.state {
            InvitationState::Accepted { at, .. } => Err(DomainError::refused_with(
                DiagnosticCode::Used,
                format!(
                    "this invitation link was already used on {}: each link works once",
                    day(*at)
                ),
            )),
            InvitationState::Revoked { by, at } => Err(DomainError::refused_with(
                DiagnosticCode::Revoked,
                format!(
                    "this invitation was revoked by {} on {}: ask the team admin to invite you again",
                    describe_account(*by),
                    day(*at)
                ),
            )),
            InvitationState::Superseded { at, .. } => Err(DomainError::refused_with(
                DiagnosticCode::Superseded,
                format!(
                    "this invitation link is no longer valid: a newer invitation was sent on {}; use the link in the newest email",
                    day(*at)
                ),
            )),
            InvitationState::Pending if now >= self.expires_at => Err(DomainError::refused_with(
                DiagnosticCode::Expired,
                format!(
                    "this invitation link expired on {} (links are valid for {LINK_VALID_DAYS} days): ask the team admin to resend it",
                    day(self.expires_at)
                ),
            )),
            InvitationState::Pending => Ok(()),
        }
    }

    /// Keeps a refused opening for triage (the newest [`REFUSALS_KEPT`] only)
    /// and says whether it goes to the audit log: the first ones always, then
    /// one entry per [`REFUSAL_AUDIT_MINUTES`] at most. `Some(n)` means log it,
    /// saying that `n` earlier refusals were not logged one by one.
    pub fn record_refusal(&mut self, attempt: RefusedAttempt) -> Option<u32> {
        let at = attempt.at;
        self.refused_total = self.refused_total.saturating_add(1);
        self.refused_attempts.push(attempt);
        if self.refused_attempts.len() > REFUSALS_KEPT {
            let excess = self.refused_attempts.len() - REFUSALS_KEPT;
            self.refused_attempts.drain(..excess);
        }
        let among_first = self.refused_total as usize <= REFUSALS_KEPT;
        let quiet_long_enough = self
            .refusals_audited_at
            .is_none_or(|last| at - last >= Duration::minutes(REFUSAL_AUDIT_MINUTES));
        if among_first || quiet_long_enough {
            self.refusals_audited_at = Some(at);
            Some(std::mem::take(&mut self.refusals_unaudited))
        } else {
            self.refusals_unaudited = self.refusals_unaudited.saturating_add(1);
            None
        }
    }

    /// R6: only the invited address may accept.
    pub fn check_email(&self, signed_in_as: &Email) -> Result<(), DomainError> {
        if &self.email == signed_in_as {
            return Ok(());
        }
        Err(DomainError::refused_with(
            DiagnosticCode::EmailMismatch,
            format!(
                "this invitation is for {} but you are signed in as {}: sign in as {}, or ask the team admin to invite {}",
                self.email, signed_in_as, self.email, signed_in_as
            ),
        ))
    }
}

/// R6: one team at a time.
pub fn refuse_other_team(other_team_name: &str) -> DomainError {
    DomainError::refused_with(
        DiagnosticCode::OtherTeam,
        format!(
            "you are already in the team \"{other_team_name}\" and can be in only one team at a time: leave it first, or ask its admin to remove you"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Counter;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap()
    }

    /// A pending invitation for tom@x.example, with its link's token.
    fn issued() -> (Invitation, Token) {
        let fresh = &mut Counter::default();
        let (team, by) = (TeamId::fresh(fresh), AccountId::fresh(fresh));
        let email = Email::parse("tom@x.example").unwrap();
        Invitation::issue(fresh, team, email, Role::Member, by, now())
    }

    fn invitation() -> Invitation {
        issued().0
    }

    #[test]
    fn tokens_are_keyed_per_invitation_and_only_their_hash_is_kept() {
        let key = LinkKey::from_bytes([1; LINK_KEY_BYTES]);
        let other_key = LinkKey::from_bytes([2; LINK_KEY_BYTES]);
        let (one, two) = (
            InvitationId(uuid::Uuid::from_u128(1)),
            InvitationId(uuid::Uuid::from_u128(2)),
        );
        assert_eq!(Token::derive(&key, one), Token::derive(&key, one));
        assert_ne!(Token::derive(&key, one), Token::derive(&key, two));
        assert_ne!(Token::derive(&key, one), Token::derive(&other_key, one));
        assert_eq!(format!("{key:?}"), "LinkKey(…)");
        let (kept, first) = issued();
        assert_eq!(first, Token::derive(Counter::default().link_key(), kept.id));
        assert!(first.as_str().len() * 4 >= 128);
        assert_eq!(kept.token_hash, first.hash());
        assert!(!format!("{kept:?}").contains(first.as_str()));
        assert_eq!(format!("{first:?}"), "Token(…)");
    }

    #[test]
    fn links_and_bare_tokens_both_parse() {
        let token = issued().1;
        let link = token.link("https://teamdesk.example/");
        assert_eq!(
            link,
            format!("https://teamdesk.example/join/{}", token.as_str())
        );
        assert_eq!(Token::from_link(&link).unwrap(), token);
        assert_eq!(
            Token::from_link(&format!(" {} ", token.as_str())).unwrap(),
            token
        );
        let unknown = Token::from_link("https://teamdesk.example/join/nope").unwrap_err();
        assert_eq!(unknown.code(), Some(DiagnosticCode::Unknown));
    }

    #[test]
    fn a_link_expires_after_thirty_days() {
        let invitation = invitation();
        let last_moment = now() + Duration::days(30) - Duration::seconds(1);
        assert!(
            invitation
                .check_link_usable(last_moment, |_| String::new())
                .is_ok()
        );
        let refusal = invitation
            .check_link_usable(now() + Duration::days(30), |_| String::new())
            .unwrap_err();
        assert_eq!(refusal.code(), Some(DiagnosticCode::Expired));
        assert_eq!(
            invitation.status_at(now() + Duration::days(31)),
            InvitationStatus::Expired
        );
    }

    #[test]
    fn refused_openings_are_kept_bounded_and_reach_the_audit_log_rate_limited() {
        let mut invitation = invitation();
        let stranger = Email::parse("stranger@x.example").unwrap();
        let attempt = |minute: i64| RefusedAttempt {
            at: now() + Duration::minutes(minute),
            code: DiagnosticCode::EmailMismatch,
            by_email: stranger.clone(),
            other_team: None,
        };
        let logged: Vec<Option<u32>> = (0..1_000)
            .map(|i| invitation.record_refusal(attempt(i / 100)))
            .collect();
        assert_eq!(invitation.refused_attempts.len(), REFUSALS_KEPT);
        assert_eq!(invitation.refused_total, 1_000);
        assert_eq!(invitation.refused_attempts.last(), Some(&attempt(9)));
        // The first 20 are logged one by one, then nothing within the hour.
        assert!(logged[..REFUSALS_KEPT].iter().all(|l| *l == Some(0)));
        assert!(logged[REFUSALS_KEPT..].iter().all(Option::is_none));
        assert_eq!(invitation.refusals_unaudited, 1_000 - REFUSALS_KEPT as u32);
        // An hour after the last logged one, one entry sums up the rest.
        let later = invitation.record_refusal(attempt(REFUSAL_AUDIT_MINUTES));
        assert_eq!(later, Some(1_000 - REFUSALS_KEPT as u32));
        assert_eq!(invitation.refusals_unaudited, 0);
    }

    #[test]
    fn the_invited_address_must_match_case_insensitively() {
        let invitation = invitation();
        assert!(
            invitation
                .check_email(&Email::parse("TOM@x.example").unwrap())
                .is_ok()
        );
        let refusal = invitation
            .check_email(&Email::parse("ana@x.example").unwrap())
            .unwrap_err();
        assert_eq!(refusal.code(), Some(DiagnosticCode::EmailMismatch));
        assert!(refusal.to_string().contains("tom@x.example"));
        assert!(refusal.to_string().contains("ana@x.example"));
    }
}
