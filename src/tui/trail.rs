//! What the detail pane reads for the row under the cursor, beyond what the
//! list holds: an invitation's timeline, a large team's member's plan
//! history.

use crate::domain::{AccountId, InvitationId};
use crate::workspace::{MemberView, TriageRow};

/// A read made for the row in detail, when it is shown (the list itself
/// does not hold it), once for each row the cursor reaches and again after
/// every reload.
#[derive(Debug, Clone)]
pub struct Followed<K, V> {
    read: Option<(K, V)>,
    asked: Option<K>,
}

impl<K, V> Default for Followed<K, V> {
    fn default() -> Self {
        Self {
            read: None,
            asked: None,
        }
    }
}

/// The timeline and next step of the invitation in detail in Invitations
/// (the list holds no emails).
pub type Trail = Followed<InvitationId, TriageRow>;

/// The member in detail, read whole: a large team's list holds only their
/// row, without the plan they were on before joining.
pub type MemberRead = Followed<AccountId, MemberView>;

impl<K: Copy + PartialEq, V> Followed<K, V> {
    /// Whether the read for `row` is to be made now: it was not the last
    /// asked for. From now on it is.
    pub fn ask(&mut self, row: K) -> bool {
        let new = self.asked != Some(row);
        self.asked = Some(row);
        new
    }

    /// The row whose read was asked for last.
    pub fn asked(&self) -> Option<K> {
        self.asked
    }

    /// Keeps what was read for `row`, unless another was asked for since.
    pub fn take(&mut self, row: K, read: V) {
        if self.asked == Some(row) {
            self.read = Some((row, read));
        }
    }

    /// What was read may be out of date: read it again when next shown.
    pub fn forget(&mut self) {
        self.asked = None;
    }

    /// The read last made, of whichever row.
    pub fn last(&self) -> Option<&V> {
        self.read.as_ref().map(|(_, read)| read)
    }

    /// What was read for `row`, once read.
    pub fn of(&self, row: K) -> Option<&V> {
        self.read
            .as_ref()
            .filter(|(read_for, _)| *read_for == row)
            .map(|(_, read)| read)
    }
}
