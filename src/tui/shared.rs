//! Reads shared by every console of one process. A server's consoles that
//! show one team to people of one standing ask the same questions after
//! each change: the first to ask reads, the others wait for that read and
//! take it, rows and all, without a copy ([`crate::tui::list::Rows`]).
//!
//! A read is kept until the next change announced anywhere in the
//! workspace, and for at most [`FRESH`] of the workspace's clock, since
//! some of what is shown follows the clock alone (an invitation expiring,
//! a trial's days left).

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};

use super::effects::Later;
use crate::domain::{Action, Role, TeamId};
use crate::workspace::Workspace;

/// How long a read is shared when nothing changes: the clock's share of
/// what a console shows is never older than this.
pub const FRESH: Duration = Duration::seconds(1);

/// What a person's reads of a team depend on besides the team: their
/// standing, never who they are. Refusals name no one, and what only some
/// may see (billing, what a member paid before joining) follows the
/// actions allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Standing {
    /// The team shown.
    pub team: TeamId,
    /// The person's own team and role there: templates and billing are
    /// read from it.
    pub own: Option<(TeamId, Role)>,
    /// Their staff role, if any.
    pub staff: Option<String>,
    /// What they may do on the team shown.
    pub allowed: Vec<Action>,
    /// What they may do on teams they are not in.
    pub across: Vec<Action>,
}

/// One question, asked by people of one standing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    pub standing: Standing,
    pub part: Part,
}

/// Which read a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// A console's read of everything the team's tabs show.
    Tabs,
    /// One of what a large team's first read leaves for later.
    Later(Later),
}

/// A read as kept: the workspace's change number and clock when it began.
struct Kept {
    announced: u64,
    now: DateTime<Utc>,
    answer: Arc<dyn Any + Send + Sync>,
}

/// One slot per question; a slot's lock is held while it is read, so those
/// who ask meanwhile wait for that read instead of making their own.
type Slot = Arc<Mutex<Option<Kept>>>;

#[derive(Default)]
pub struct SharedReads {
    slots: Mutex<HashMap<Question, Slot>>,
}

impl SharedReads {
    /// The answer to `question`: the one kept if nothing changed since it
    /// was read and the clock has not moved on, else `read`'s, kept for
    /// the next to ask.
    pub fn answer<T: Clone + Send + Sync + 'static>(
        &self,
        workspace: &Workspace,
        question: Question,
        read: impl FnOnce() -> T,
    ) -> T {
        let slot = self.slot(workspace, question);
        let mut kept = slot.lock().unwrap_or_else(PoisonError::into_inner);
        // Taken before reading: a change made during the read leaves it stale.
        let announced = workspace.announced();
        let now = workspace.now();
        if let Some(kept) = kept.as_ref()
            && kept.announced == announced
            && (now - kept.now).abs() < FRESH
            && let Some(answer) = kept.answer.downcast_ref::<T>()
        {
            return answer.clone();
        }
        let answer = read();
        *kept = Some(Kept {
            announced,
            now,
            answer: Arc::new(answer.clone()),
        });
        answer
    }

    /// The question's slot. Slots whose read a change has made stale are
    /// let go on the way, so what no console shows any more is freed.
    fn slot(&self, workspace: &Workspace, question: Question) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let announced = workspace.announced();
        slots.retain(|_, slot| {
            // A slot being read (locked) is kept: its read is on its way.
            slot.try_lock().map_or(true, |kept| {
                kept.as_ref().is_none_or(|kept| kept.announced == announced)
            })
        });
        slots.entry(question).or_default().clone()
    }
}
