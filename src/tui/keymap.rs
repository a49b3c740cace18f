//! Keys as data: every binding is `{ context, keys, action }`, loaded from
//! `assets/keymap.toml` and overridable from the user's config. The footer and
//! the help overlay are generated from the same table, so they cannot drift
//! from what the keys really do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::i18n::T;
use crate::domain::Action;

/// The shipped bindings.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Where a binding applies: everywhere, one tab, or one kind of dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    Members,
    Invitations,
    Templates,
    Billing,
    Activity,
    Triage,
    /// Forms: the invite dialog, prompts, pickers.
    Dialog,
    /// Yes/no confirmations.
    Confirm,
    /// The template editor.
    Editor,
    /// Editing keys of every text field (after the dialog's own keys).
    Text,
    /// The invitation links just made.
    Link,
}

macro_rules! key_actions {
    ($($action:ident => $name:literal, $label:ident, $right:expr;)*) => {
        /// What a key does.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum KeyAction { $($action),* }

        impl KeyAction {
            pub const ALL: &'static [KeyAction] = &[$(KeyAction::$action),*];

            /// The action's name in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(KeyAction::$action => $name),* }
            }

            /// The catalogue key of its description (footer and help).
            pub fn label(self) -> T {
                match self { $(KeyAction::$action => T::$label),* }
            }

            /// The right it needs: a key whose right the actor lacks is not offered.
            pub fn needs(self) -> Option<Action> {
                match self { $(KeyAction::$action => $right),* }
            }

            /// Which tab (counting from 0) a number key goes to.
            pub fn tab_index(self) -> Option<usize> {
                [KeyAction::Tab1, KeyAction::Tab2, KeyAction::Tab3, KeyAction::Tab4, KeyAction::Tab5, KeyAction::Tab6]
                    .iter()
                    .position(|&tab| tab == self)
            }

            fn parse(name: &str) -> Option<KeyAction> {
                Self::ALL.iter().copied().find(|action| action.name() == name)
            }
        }
    };
}

key_actions! {
    Quit => "quit", KeyQuit, None;
    Help => "help", KeyHelp, None;
    Messages => "messages", KeyMessages, None;
    Palette => "palette", KeyPalette, None;
    NextTab => "next_tab", KeyNextTab, None;
    PrevTab => "prev_tab", KeyPrevTab, None;
    Tab1 => "tab_1", KeyTab1, None;
    Tab2 => "tab_2", KeyTab2, None;
    Tab3 => "tab_3", KeyTab3, None;
    Tab4 => "tab_4", KeyTab4, None;
    Tab5 => "tab_5", KeyTab5, None;
    Tab6 => "tab_6", KeyTab6, None;
    Filter => "filter", KeyFilter, None;
    Sort => "sort", KeySort, None;
    Up => "up", KeyUp, None;
    Down => "down", KeyDown, None;
    PageUp => "page_up", KeyPageUp, None;
    PageDown => "page_down", KeyPageDown, None;
    Top => "top", KeyTop, None;
    Bottom => "bottom", KeyBottom, None;
    Details => "details", KeyDetails, None;
    Back => "back", KeyBack, None;
    SwitchPerson => "switch_person", KeySwitchPerson, None;
    ClockDay => "clock_day", KeyClockDay, None;
    ClockWeek => "clock_week", KeyClockWeek, None;
    Dismiss => "dismiss", KeyDismiss, None;
    Invite => "invite", KeyInvite, Some(Action::Invite);
    ChangeRole => "change_role", KeyChangeRole, Some(Action::ChangeRole);
    Remove => "remove", KeyRemove, Some(Action::RemoveMember);
    MakeOwner => "make_owner", KeyMakeOwner, Some(Action::TransferOwnership);
    Leave => "leave", KeyLeave, Some(Action::LeaveTeam);
    Resend => "resend", KeyResend, Some(Action::ResendInvitation);
    ResendExpired => "resend_expired", KeyResendExpired, Some(Action::ResendInvitation);
    Revoke => "revoke", KeyRevoke, Some(Action::RevokeInvitation);
    NewTemplate => "new_template", KeyNewTemplate, Some(Action::ManageTemplates);
    EditTemplate => "edit_template", KeyEditTemplate, Some(Action::ManageTemplates);
    DeleteTemplate => "delete_template", KeyDeleteTemplate, Some(Action::ManageTemplates);
    ViewTemplate => "view_template", KeyViewTemplate, Some(Action::UseTemplates);
    CopyTemplate => "copy_template", KeyCopyTemplate, Some(Action::ManageTemplates);
    Upgrade => "upgrade", KeyUpgrade, Some(Action::ChangePlan);
    Downgrade => "downgrade", KeyDowngrade, Some(Action::ChangePlan);
    Rename => "rename", KeyRename, Some(Action::ChangeSettings);
    SessionSharing => "session_sharing", KeySessionSharing, Some(Action::ChangeSettings);
    EmailLanguage => "email_language", KeyEmailLanguage, Some(Action::ChangeSettings);
    DeleteTeam => "delete_team", KeyDeleteTeam, Some(Action::DeleteTeam);
    EditCard => "edit_card", KeyEditCard, Some(Action::EditBilling);
    BillingEmail => "billing_email", KeyBillingEmail, Some(Action::EditBilling);
    ChangeCycle => "change_cycle", KeyChangeCycle, Some(Action::EditBilling);
    GoPro => "go_pro", KeyGoPro, None;
    OpenTeam => "open_team", KeyOpenTeam, Some(Action::LookupAcrossTeams);
    Submit => "submit", KeySubmit, None;
    Cancel => "cancel", KeyCancel, None;
    NextField => "next_field", KeyNextField, None;
    PrevField => "prev_field", KeyPrevField, None;
    Save => "save", KeySave, None;
    Yes => "yes", KeyYes, None;
    No => "no", KeyNo, None;
    Undo => "undo", KeyUndo, None;
    Redo => "redo", KeyRedo, None;
    WordLeft => "word_left", KeyWordLeft, None;
    WordRight => "word_right", KeyWordRight, None;
    DeleteWord => "delete_word", KeyDeleteWord, None;
    ClearToStart => "clear_to_start", KeyClearToStart, None;
    ClearToEnd => "clear_to_end", KeyClearToEnd, None;
    ReverseSort => "reverse_sort", KeyReverseSort, None;
    Mark => "mark", KeyMark, Some(Action::ResendInvitation);
    CopyLink => "copy_link", KeyCopyLink, None;
}

/// A key press as written in keymap files: `q`, `G`, `?`, `Enter`, `Ctrl-s`, `F2`, `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(raw: &str) -> Option<Key> {
        let (ctrl, rest) = match raw.strip_prefix("Ctrl-") {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" | "Shift-Tab" => KeyCode::BackTab,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Space" => KeyCode::Char(' '),
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            f if f.starts_with('F') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            single => {
                let mut chars = single.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, ctrl })
    }

    /// The key of a terminal event. Shift is part of the character (`G`), not a modifier.
    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// The terminal event of this key: running an action as its key would.
    pub fn event(self) -> KeyEvent {
        let modifiers = if self.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, modifiers)
    }

    /// How the key is shown in hints.
    pub fn display(&self) -> String {
        let name = match self.code {
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "S-Tab".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Backspace => "Bksp".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_owned(),
        };
        if self.ctrl { format!("^{name}") } else { name }
    }
}

/// One binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: KeyAction,
}

/// A binding as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingEntry {
    pub context: Context,
    pub keys: Vec<String>,
    pub action: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    bind: Vec<BindingEntry>,
}

/// All bindings, in the order of the file (the order of hints).
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The default keymap with the user's overrides applied: an override
    /// replaces the keys of the same action in the same context, or adds a
    /// binding. Returns the warnings to report at start (bad entries, conflicts).
    pub fn load(overrides: &[BindingEntry]) -> (Keymap, Vec<String>) {
        let file: KeymapFile = toml::from_str(DEFAULT_KEYMAP).expect("assets/keymap.toml is valid");
        let mut warnings = Vec::new();
        let mut bindings: Vec<Binding> = file
            .bind
            .iter()
            .filter_map(|entry| parse_entry(entry, &mut warnings))
            .collect();
        assert!(warnings.is_empty(), "assets/keymap.toml: {warnings:?}");
        for entry in overrides {
            let Some(binding) = parse_entry(entry, &mut warnings) else {
                continue;
            };
            match bindings
                .iter_mut()
                .find(|b| b.context == binding.context && b.action == binding.action)
            {
                Some(existing) => existing.keys = binding.keys,
                None => bindings.push(binding),
            }
        }
        let keymap = Keymap { bindings };
        warnings.extend(keymap.conflicts());
        (keymap, warnings)
    }

    /// Two actions on one key where both could apply at once.
    pub fn conflicts(&self) -> Vec<String> {
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                let overlapping = a.context == b.context
                    || (a.context == Context::Global && is_tab(b.context))
                    || (b.context == Context::Global && is_tab(a.context));
                if !overlapping || a.action == b.action {
                    continue;
                }
                for key in a.keys.iter().filter(|key| b.keys.contains(key)) {
                    found.push(format!(
                        "key {} is bound to both {} ({:?}) and {} ({:?})",
                        key.display(),
                        a.action.name(),
                        a.context,
                        b.action.name(),
                        b.context
                    ));
                }
            }
        }
        found
    }

    /// What a key does in a context; for a tab, its own bindings come before the global ones.
    pub fn resolve(&self, context: Context, key: Key) -> Option<KeyAction> {
        let find = |context: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == context && b.keys.contains(&key))
                .map(|b| b.action)
        };
        find(context).or_else(|| {
            if is_tab(context) {
                find(Context::Global)
            } else {
                None
            }
        })
    }

    /// The bindings of one context, in file order.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// The first key bound to an action in a context, for hints.
    pub fn key_for(&self, context: Context, action: KeyAction) -> Option<Key> {
        self.bindings(context)
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first().copied())
    }
}

fn is_tab(context: Context) -> bool {
    matches!(
        context,
        Context::Members
            | Context::Invitations
            | Context::Templates
            | Context::Billing
            | Context::Activity
            | Context::Triage
    )
}

fn parse_entry(entry: &BindingEntry, warnings: &mut Vec<String>) -> Option<Binding> {
    let Some(action) = KeyAction::parse(&entry.action) else {
        warnings.push(format!(
            "unknown key action \"{}\"",
            entry.action.escape_debug()
        ));
        return None;
    };
    let mut keys = Vec::new();
    for raw in &entry.keys {
        match Key::parse(raw) {
            Some(key) => keys.push(key),
            None => warnings.push(format!(
                "unknown key \"{}\" for {}",
                raw.escape_debug(),
                action.name()
            )),
        }
    }
    (!keys.is_empty()).then_some(Binding {
        context: entry.context,
        keys,
        action,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(context: Context, key: &str, action: &str) -> BindingEntry {
        BindingEntry {
            context,
            keys: vec![key.to_owned()],
            action: action.to_owned(),
        }
    }

    #[test]
    fn the_default_keymap_has_no_conflicts() {
        let (_, warnings) = Keymap::load(&[]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn an_override_replaces_the_keys_of_its_action() {
        let (keymap, warnings) = Keymap::load(&[entry(Context::Members, "a", "invite")]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let a = Key::parse("a").unwrap();
        assert_eq!(keymap.resolve(Context::Members, a), Some(KeyAction::Invite));
        assert_eq!(
            keymap.resolve(Context::Members, Key::parse("i").unwrap()),
            None
        );
    }

    #[test]
    fn conflicts_and_bad_entries_are_reported() {
        let (_, warnings) = Keymap::load(&[
            entry(Context::Members, "j", "invite"),
            entry(Context::Members, "Hyper-x", "invite"),
            entry(Context::Members, "x", "fly"),
        ]);
        assert!(
            warnings.iter().any(|w| w.contains("bound to both")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown key \"Hyper-x\""))
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown key action \"fly\""))
        );
    }

    #[test]
    fn tabs_fall_back_to_global_keys_and_shift_is_part_of_the_character() {
        let (keymap, _) = Keymap::load(&[]);
        let big_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.resolve(Context::Members, Key::from_event(&big_g)),
            Some(KeyAction::Bottom)
        );
        assert_eq!(
            keymap.resolve(Context::Dialog, Key::from_event(&big_g)),
            None
        );
    }
}
