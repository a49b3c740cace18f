//! The open dialog's state: what each dialog holds while it is on screen.
//! `update` opens and answers them; `view` draws them.

use super::keymap::Context;
use super::text_area::TextArea;
use crate::domain::Role;
use crate::workspace::{BillingEffect, Command, CostOf, TemplateView};

/// Which field of the invite dialog has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteField {
    Addresses,
    Role,
}

/// What a one-line prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    RenameTeam,
    NewTemplate,
    CopyTemplate { body: String },
}

/// Who the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickEntry {
    pub label: String,
    pub detail: String,
    pub email: String,
}

/// What a change would do to the next invoice, asked of the workspace
/// while the dialog offering the change is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostPreview {
    pub of: CostOf,
    /// `None` until the answer comes; a refusal is kept as its sentence.
    pub effect: Option<Result<BillingEffect, String>>,
}

/// The open dialog; at most one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Help {
        scroll: usize,
    },
    /// A destructive or weighty action, carried out only on "yes" (or, with
    /// `typed`, when the expected text is typed in full).
    Confirm {
        title: String,
        body: Vec<String>,
        command: Command,
        typed: Option<(String, TextArea)>,
        error: Option<String>,
        /// What the change would do to the next invoice, when it touches it.
        cost: Option<CostPreview>,
    },
    Invite {
        addresses: TextArea,
        role: Role,
        field: InviteField,
        error: Option<String>,
        /// Sent, waiting for the answer (refused addresses come back).
        sending: bool,
        /// What inviting the addresses typed would cost, as they stand.
        cost: Option<CostPreview>,
    },
    ChangeRole {
        email: String,
        name: String,
        /// The role the member has.
        from: Role,
        role: Role,
        /// What the role chosen would cost, when it is another one.
        cost: Option<CostPreview>,
    },
    Prompt {
        title: String,
        input: TextArea,
        purpose: PromptPurpose,
    },
    Editor {
        name: String,
        /// The version being edited; `None` for a new template.
        base_version: Option<u32>,
        area: TextArea,
        saving: bool,
        /// Set when someone else saved first: their version and who.
        conflict: Option<(u32, String)>,
        error: Option<String>,
        /// The text as opened, to know whether closing would lose anything.
        original: String,
        /// Esc was pressed once with unsaved text: a second Esc discards it.
        discard_armed: bool,
    },
    Viewer {
        template: TemplateView,
        scroll: usize,
    },
    Picker {
        title: String,
        entries: Vec<PickEntry>,
        selected: usize,
        remember: bool,
    },
}

impl Dialog {
    /// The template editor on `body` (`base_version` `None` for a new template).
    pub fn editor(name: String, base_version: Option<u32>, body: &str) -> Dialog {
        Dialog::Editor {
            name,
            base_version,
            area: TextArea::multi(body),
            saving: false,
            conflict: None,
            error: None,
            original: body.to_owned(),
            discard_armed: false,
        }
    }

    pub fn context(&self) -> Context {
        match self {
            Dialog::Confirm { typed: None, .. } => Context::Confirm,
            Dialog::Editor { .. } => Context::Editor,
            _ => Context::Dialog,
        }
    }
}
