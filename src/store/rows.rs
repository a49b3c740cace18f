//! Compact rows: the values of the display-order indexes. A console shows
//! ~40 rows of a list that may hold 100,000, so each row carries what a
//! list line shows (times as integers, the few names it needs) and is read
//! with one prefix scan, without following the index to its record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{StoreError, codec};
use crate::domain::{
    AccountId, Invitation, InvitationId, InvitationState, InvitationStatus, Membership, Role,
};

/// The format rows are written in; raised when a row's shape changes (the
/// schema migration then rebuilds the indexes).
const ROW_FORMAT: u8 = 1;

/// Milliseconds since 1970, UTC: how rows keep time.
pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// One member of a team, as a list line shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub account: AccountId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub owner: bool,
    pub billable: bool,
    /// When they joined, in milliseconds since 1970 (UTC).
    pub joined_at: i64,
}

impl MemberRow {
    /// The row of `membership`, held by the account named `name` at `email`.
    pub fn of(membership: &Membership, name: &str, email: &str, owner: bool) -> Self {
        Self {
            account: membership.account,
            name: name.to_owned(),
            email: email.to_owned(),
            role: membership.role,
            owner,
            billable: membership.role.is_billable(),
            joined_at: millis(membership.joined_at),
        }
    }
}

/// Where an invitation stands, as far as stored state says: pending and
/// expired differ only by the clock (see [`InvitationRow::status_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowState {
    Open,
    Revoked,
    Superseded,
    Accepted,
}

impl RowState {
    pub const ALL: [RowState; 4] = [
        RowState::Open,
        RowState::Revoked,
        RowState::Superseded,
        RowState::Accepted,
    ];

    pub fn of(state: &InvitationState) -> Self {
        match state {
            InvitationState::Pending => RowState::Open,
            InvitationState::Revoked { .. } => RowState::Revoked,
            InvitationState::Superseded { .. } => RowState::Superseded,
            InvitationState::Accepted { .. } => RowState::Accepted,
        }
    }

    /// The class byte of its `invitation_rows` keys.
    pub fn class(self) -> u8 {
        self as u8
    }

    /// The state every invitation of `status` is in.
    pub fn holding(status: InvitationStatus) -> Self {
        match status {
            InvitationStatus::Pending | InvitationStatus::Expired => RowState::Open,
            InvitationStatus::Revoked => RowState::Revoked,
            InvitationStatus::Superseded => RowState::Superseded,
            InvitationStatus::Accepted => RowState::Accepted,
        }
    }
}

/// One invitation of a team, as a list line shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub email: String,
    pub role: Role,
    pub state: RowState,
    /// Milliseconds since 1970 (UTC), as every time of a row.
    pub sent_at: i64,
    pub expires_at: i64,
    /// When it stopped being open.
    pub closed_at: Option<i64>,
    /// The name of whoever sent this link.
    pub invited_by: String,
    /// The name of whoever revoked it.
    pub revoked_by: Option<String>,
    /// The invitation this one was resent from.
    pub resent_from: Option<InvitationId>,
    /// Refused openings of its link.
    pub refused_total: u32,
}

impl InvitationRow {
    /// The row of `invitation`, sent by `inviter` and revoked by `revoker` (names).
    pub fn of(invitation: &Invitation, inviter: &str, revoker: Option<&str>) -> Self {
        Self {
            id: invitation.id,
            email: invitation.email.to_string(),
            role: invitation.role,
            state: RowState::of(&invitation.state),
            sent_at: millis(invitation.sent_at),
            expires_at: millis(invitation.expires_at),
            closed_at: invitation.closed_at().map(millis),
            invited_by: inviter.to_owned(),
            revoked_by: revoker.map(str::to_owned),
            resent_from: invitation.replaces,
            refused_total: invitation.refused_total,
        }
    }

    /// Its status at `now` (milliseconds since 1970), as [`Invitation::status_at`] says.
    pub fn status_at(&self, now: i64) -> InvitationStatus {
        match self.state {
            RowState::Open if now >= self.expires_at => InvitationStatus::Expired,
            RowState::Open => InvitationStatus::Pending,
            RowState::Revoked => InvitationStatus::Revoked,
            RowState::Superseded => InvitationStatus::Superseded,
            RowState::Accepted => InvitationStatus::Accepted,
        }
    }
}

/// A row as index value bytes.
pub fn encode<T: Serialize>(row: &T) -> Vec<u8> {
    codec::encode_as(ROW_FORMAT, row)
}

/// A row from index value bytes; `what` names the index in errors.
pub fn decode<T: serde::de::DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, StoreError> {
    match bytes.split_first() {
        Some((&ROW_FORMAT, payload)) => codec::decode_payload(what, payload),
        Some((&format, _)) => Err(codec::unknown_format(what, format)),
        None => Err(StoreError::Corrupt(format!("an empty {what} row"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: RowState) -> InvitationRow {
        InvitationRow {
            id: InvitationId::from_bytes([1; 16]),
            email: "ana@bondi.example".into(),
            role: Role::Member,
            state,
            sent_at: 1_000,
            expires_at: 2_000,
            closed_at: None,
            invited_by: "Olivia".into(),
            revoked_by: None,
            resent_from: None,
            refused_total: 0,
        }
    }

    #[test]
    fn an_open_row_is_pending_until_its_expiry_is_reached() {
        assert_eq!(
            row(RowState::Open).status_at(1_999),
            InvitationStatus::Pending
        );
        assert_eq!(
            row(RowState::Open).status_at(2_000),
            InvitationStatus::Expired
        );
        assert_eq!(
            row(RowState::Revoked).status_at(9_000),
            InvitationStatus::Revoked
        );
        for state in RowState::ALL {
            assert_eq!(RowState::holding(row(state).status_at(1_500)), state);
        }
    }

    #[test]
    fn a_row_reads_back_as_written_and_a_newer_format_is_refused() {
        let written = row(RowState::Accepted);
        let bytes = encode(&written);
        assert_eq!(
            decode::<InvitationRow>("invitation_rows", &bytes).unwrap(),
            written
        );
        let mut newer = bytes.clone();
        newer[0] = ROW_FORMAT + 1;
        assert!(decode::<InvitationRow>("invitation_rows", &newer).is_err());
        assert!(decode::<InvitationRow>("invitation_rows", &[]).is_err());
    }
}
