//! The open dialog's state: what each dialog holds while it is on screen.
//! `update` opens and answers them; `view` draws them.

use chrono::{DateTime, Utc};

use super::clipboard::Secret;
use super::keymap::Context;
use super::text_field::{Limit, TextField};
use crate::domain::text::TEMPLATE_BODY_MAX;
use crate::domain::{Cycle, Role};
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
    CopyTemplate {
        body: String,
    },
    /// Where the team's invoices are sent.
    BillingEmail,
}

/// Room in each field of the card form: more than a card number takes,
/// so that one typed in full is refused as what it is, not as too long.
pub const CARD_FIELD_LIMIT: Limit = Limit::Chars(32);

/// Whose card the card form takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardPurpose {
    /// The team's, on file for its invoices (admins).
    Team,
    /// A free person's own, to move themselves to Pro on `cycle`.
    GoPro { cycle: Cycle },
}

/// Which field of the card form has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardField {
    /// Monthly or yearly (moving to Pro only).
    Cycle,
    Brand,
    Last4,
    Expiry,
}

/// A card as typed: brand, last four digits, expiry. A full card number is
/// refused on the spot, its field emptied, so it is never held here.
#[derive(Debug, Clone)]
pub struct CardForm {
    pub purpose: CardPurpose,
    pub field: CardField,
    pub brand: TextField,
    pub last4: TextField,
    pub expiry: TextField,
    pub error: Option<String>,
    /// Sent, waiting for the answer (a refusal is shown in the form).
    pub sending: bool,
}

impl CardForm {
    pub fn new(purpose: CardPurpose) -> CardForm {
        CardForm {
            purpose,
            field: match purpose {
                CardPurpose::Team => CardField::Brand,
                CardPurpose::GoPro { .. } => CardField::Cycle,
            },
            brand: TextField::single("", CARD_FIELD_LIMIT),
            last4: TextField::single("", CARD_FIELD_LIMIT),
            expiry: TextField::single("", CARD_FIELD_LIMIT),
            error: None,
            sending: false,
        }
    }

    /// The fields in order: the cycle first when moving to Pro.
    pub fn fields(&self) -> &'static [CardField] {
        const ALL: [CardField; 4] = [
            CardField::Cycle,
            CardField::Brand,
            CardField::Last4,
            CardField::Expiry,
        ];
        match self.purpose {
            CardPurpose::Team => &ALL[1..],
            CardPurpose::GoPro { .. } => &ALL,
        }
    }

    /// The text of a field (the cycle has none).
    pub fn text_of(&self, field: CardField) -> Option<&TextField> {
        match field {
            CardField::Cycle => None,
            CardField::Brand => Some(&self.brand),
            CardField::Last4 => Some(&self.last4),
            CardField::Expiry => Some(&self.expiry),
        }
    }

    /// As [`CardForm::text_of`], to edit.
    pub fn text_mut(&mut self, field: CardField) -> Option<&mut TextField> {
        match field {
            CardField::Cycle => None,
            CardField::Brand => Some(&mut self.brand),
            CardField::Last4 => Some(&mut self.last4),
            CardField::Expiry => Some(&mut self.expiry),
        }
    }
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

/// An invitation link just made by this console's person: shown to them
/// alone, until they close it, and kept nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub email: String,
    pub expires_at: DateTime<Utc>,
    pub url: Secret,
}

/// The open dialog; at most one at a time.
#[derive(Debug, Clone)]
pub enum Dialog {
    Help {
        scroll: usize,
    },
    /// The message log: the last toasts, newest first.
    Messages {
        scroll: usize,
    },
    /// A destructive or weighty action, carried out only on "yes" (or, with
    /// `typed`, when the expected text is typed in full).
    Confirm {
        title: String,
        body: Vec<String>,
        command: Command,
        typed: Option<(String, TextField)>,
        error: Option<String>,
        /// What the change would do to the next invoice, when it touches it.
        cost: Option<CostPreview>,
        /// A bulk action on marked rows: the commands after `command`. Yes
        /// carries them all out and clears the marks.
        bulk: Option<Vec<Command>>,
    },
    Invite {
        addresses: TextField,
        role: Role,
        field: InviteField,
        /// What went wrong; after sending, a line for each refused address.
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
        input: TextField,
        purpose: PromptPurpose,
    },
    Editor {
        name: String,
        /// The version being edited; `None` for a new template.
        base_version: Option<u32>,
        area: TextField,
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
    Card(CardForm),
    /// The command palette: what is typed, and which of the actions it
    /// matches is chosen.
    Palette {
        query: TextField,
        selected: usize,
    },
    /// The links just made (by an invite or a resend), one chosen to copy.
    Links {
        links: Vec<Link>,
        selected: usize,
    },
}

impl Dialog {
    /// The template editor on `body` (`base_version` `None` for a new template).
    pub fn editor(name: String, base_version: Option<u32>, body: &str) -> Dialog {
        Dialog::Editor {
            name,
            base_version,
            area: TextField::multi(body, Limit::Bytes(TEMPLATE_BODY_MAX)).wrapping(),
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
            Dialog::Links { .. } => Context::Link,
            _ => Context::Dialog,
        }
    }
}
