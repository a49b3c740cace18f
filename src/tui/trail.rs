//! The timeline of the invitation in detail, as the console holds it.

use crate::domain::InvitationId;
use crate::workspace::TriageRow;

/// The timeline and next step of the invitation in detail in Invitations,
/// read when it is shown (the list itself holds no emails), once for each
/// invitation the cursor reaches and again after every reload.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    read: Option<TriageRow>,
    asked: Option<InvitationId>,
}

impl Trail {
    /// Whether the timeline of `invitation` is to be read now: it was not
    /// the last asked for. From now on it is.
    pub fn ask(&mut self, invitation: InvitationId) -> bool {
        let new = self.asked != Some(invitation);
        self.asked = Some(invitation);
        new
    }

    /// The invitation whose timeline was asked for last.
    pub fn asked(&self) -> Option<InvitationId> {
        self.asked
    }

    /// Keeps the timeline read, unless another was asked for since.
    pub fn take(&mut self, read: TriageRow) {
        if self.asked == Some(read.invitation.id) {
            self.read = Some(read);
        }
    }

    /// What was read may be out of date: read it again when next shown.
    pub fn forget(&mut self) {
        self.asked = None;
    }

    /// The timeline last read, of whichever invitation.
    pub fn last(&self) -> Option<&TriageRow> {
        self.read.as_ref()
    }

    /// The timeline of `invitation`, once read.
    pub fn of(&self, invitation: InvitationId) -> Option<&TriageRow> {
        self.read
            .as_ref()
            .filter(|trail| trail.invitation.id == invitation)
    }
}
