//! `update`: the one place state changes. It turns a message into new state
//! and the effects to run; it never touches the workspace or the terminal.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::effects::{Effect, Failure, Loaded, Msg, TabData, TemplatePurpose};
use super::i18n::T;
use super::keymap::{Context, Key, KeyAction};
use super::state::{
    App, Dialog, InviteField, Level, PickEntry, PromptPurpose, Tab, account_entries,
};
use super::text_area::TextArea;
use super::view::format;
use crate::domain::{Action, InvitationStatus, Role, TeamKind};
use crate::sanitize::line;
use crate::workspace::{Actor, Command, InviteResult, Outcome, TeamChoice, TeamSettings};

/// Applies one message; returns the effects it asks for.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Mouse(mouse) => on_mouse(app, mouse),
        Msg::Resize(width, height) => {
            app.size = (width, height);
            Vec::new()
        }
        Msg::Tick => {
            app.ticks += 1;
            app.expire_toasts();
            Vec::new()
        }
        Msg::Loaded(result) => on_loaded(app, *result),
        Msg::Executed(result) => on_executed(app, result),
        Msg::TemplateLoaded(purpose, result) => on_template(app, purpose, result),
        Msg::TriageFound(query, result) => {
            if query == app.triage_query {
                match result {
                    Ok(rows) => app.triage.set_rows(rows),
                    Err(failure) => app.toast(Level::Error, failure.message),
                }
            }
            Vec::new()
        }
        Msg::Accounts(result) => {
            match result {
                Ok(accounts) => {
                    let title = app.t(T::PickerTitle).to_owned();
                    app.dialog = Some(Dialog::Picker {
                        title,
                        entries: account_entries(&accounts),
                        selected: 0,
                        remember: true,
                    });
                }
                Err(failure) => app.toast(Level::Error, failure.message),
            }
            Vec::new()
        }
        Msg::ClockMoved(now) => {
            let text = app
                .catalogue
                .fill(T::DoneClock, &[("date", &now.format("%Y-%m-%d"))]);
            app.toast(Level::Info, text);
            vec![app.load()]
        }
        Msg::Changed => {
            if app.loading {
                app.stale = true;
                Vec::new()
            } else {
                vec![app.load()]
            }
        }
    }
}

fn on_loaded(app: &mut App, result: Result<Loaded, Failure>) -> Vec<Effect> {
    app.loading = false;
    match result {
        Ok(mut loaded) => {
            move_rows(&mut loaded.members, |rows| app.members.set_rows(rows));
            move_rows(&mut loaded.invitations, |rows| {
                app.invitations.set_rows(rows)
            });
            move_rows(&mut loaded.templates, |rows| app.templates.set_rows(rows));
            move_rows(&mut loaded.activity, |rows| app.activity.set_rows(rows));
            let support_without_team = loaded.me.staff.is_some() && loaded.team.is_none();
            app.loaded = Some(loaded);
            if support_without_team || (app.tab == Tab::Triage && !app.is_support()) {
                app.tab = if app.is_support() {
                    Tab::Triage
                } else {
                    Tab::Members
                };
            }
        }
        Err(failure) => app.toast(Level::Error, failure.message),
    }
    if app.stale {
        vec![app.load()]
    } else {
        Vec::new()
    }
}

/// Hands a tab's rows to its list, leaving an empty `Ok` (or the closing sentence) behind.
fn move_rows<R>(data: &mut TabData<Vec<R>>, into: impl FnOnce(Vec<R>)) {
    match data {
        Ok(rows) => into(std::mem::take(rows)),
        Err(_) => into(Vec::new()),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind != KeyEventKind::Press {
        return Vec::new();
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        app.should_quit = true;
        return vec![Effect::Quit];
    }
    if let (KeyCode::Char(_), true) = (key.code, key.modifiers.contains(KeyModifiers::ALT)) {
        // Terminals send Alt+x as Esc then x, so Esc and a quick next key arrive
        // as Alt+x. No binding uses Alt: take it as the two keys it most
        // likely was.
        let mut effects = on_key(app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
        effects.extend(on_key(app, plain));
        return effects;
    }
    if app.too_small() {
        return Vec::new();
    }
    if app.dialog.is_some() {
        return on_dialog_key(app, key);
    }
    if app.filter_input.is_some() {
        return on_filter_key(app, key);
    }
    match app.keymap.resolve(app.tab.context(), Key::from_event(&key)) {
        Some(action) => on_action(app, action),
        None => Vec::new(),
    }
}

fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    match &mut app.dialog {
        Some(Dialog::Invite {
            addresses, field, ..
        }) => {
            *field = InviteField::Addresses;
            addresses.insert_str(text);
        }
        Some(Dialog::Editor { area, .. }) => area.insert_str(text),
        Some(Dialog::Prompt { input, .. }) => input.insert_str(text),
        Some(Dialog::Confirm {
            typed: Some((_, input)),
            ..
        }) => input.insert_str(text),
        _ => {
            if let Some(input) = &mut app.filter_input {
                input.insert_str(text);
                return apply_filter(app);
            }
        }
    }
    Vec::new()
}

fn on_mouse(app: &mut App, mouse: crossterm::event::MouseEvent) -> Vec<Effect> {
    if !app.mouse || app.dialog.is_some() {
        return Vec::new();
    }
    match mouse.kind {
        MouseEventKind::ScrollDown => move_selection(app, 3),
        MouseEventKind::ScrollUp => move_selection(app, -3),
        MouseEventKind::Down(_) => {
            let at = ratatui::layout::Position::new(mouse.column, mouse.row);
            if let Some(&(_, tab)) = app.hits.tabs.iter().find(|(area, _)| area.contains(at)) {
                return switch_tab(app, tab);
            }
            if let Some((area, offset)) = app.hits.list
                && area.contains(at)
            {
                let row = offset + usize::from(mouse.row - area.y);
                let current = current_index(app);
                move_selection(app, row as isize - current as isize);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn current_index(app: &App) -> usize {
    match app.tab {
        Tab::Members => app.members.selected_index(),
        Tab::Invitations => app.invitations.selected_index(),
        Tab::Templates => app.templates.selected_index(),
        Tab::Activity => app.activity.selected_index(),
        Tab::Triage => app.triage.selected_index(),
        Tab::Billing => 0,
    }
}

fn move_selection(app: &mut App, delta: isize) {
    match app.tab {
        Tab::Members => app.members.move_by(delta),
        Tab::Invitations => app.invitations.move_by(delta),
        Tab::Templates => app.templates.move_by(delta),
        Tab::Activity => app.activity.move_by(delta),
        Tab::Triage => app.triage.move_by(delta),
        Tab::Billing => {}
    }
}

fn jump(app: &mut App, to_end: bool) {
    macro_rules! ends {
        ($list:expr) => {
            if to_end {
                $list.select_last()
            } else {
                $list.select_first()
            }
        };
    }
    match app.tab {
        Tab::Members => ends!(app.members),
        Tab::Invitations => ends!(app.invitations),
        Tab::Templates => ends!(app.templates),
        Tab::Activity => ends!(app.activity),
        Tab::Triage => ends!(app.triage),
        Tab::Billing => {}
    }
}

fn switch_tab(app: &mut App, tab: Tab) -> Vec<Effect> {
    if app.tabs().contains(&tab) {
        app.tab = tab;
        app.detail_open = false;
    }
    Vec::new()
}

fn on_filter_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(input) = &mut app.filter_input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => clear_filter(app),
        KeyCode::Enter => {
            app.filter_input = None;
            Vec::new()
        }
        _ => {
            input.handle_key(&key);
            apply_filter(app)
        }
    }
}

/// Applies the filter being typed; in Triage it is an address lookup.
fn apply_filter(app: &mut App) -> Vec<Effect> {
    let Some(input) = &app.filter_input else {
        return Vec::new();
    };
    let text = input.text();
    match app.tab {
        Tab::Members => app.members.set_filter(&text),
        Tab::Invitations => app.invitations.set_filter(&text),
        Tab::Templates => app.templates.set_filter(&text),
        Tab::Activity => app.activity.set_filter(&text),
        Tab::Triage => {
            app.triage_query = text.trim().to_lowercase();
            if app.triage_query.is_empty() {
                app.triage.set_rows(Vec::new());
                return Vec::new();
            }
            return vec![Effect::Triage {
                actor: app.actor.clone(),
                query: app.triage_query.clone(),
            }];
        }
        Tab::Billing => {}
    }
    Vec::new()
}

fn clear_filter(app: &mut App) -> Vec<Effect> {
    app.filter_input = Some(TextArea::single(""));
    let effects = apply_filter(app);
    app.filter_input = None;
    effects
}

fn current_filter(app: &App) -> String {
    match app.tab {
        Tab::Members => app.members.filter().to_owned(),
        Tab::Invitations => app.invitations.filter().to_owned(),
        Tab::Templates => app.templates.filter().to_owned(),
        Tab::Activity => app.activity.filter().to_owned(),
        Tab::Triage => app.triage_query.clone(),
        Tab::Billing => String::new(),
    }
}

fn on_action(app: &mut App, action: KeyAction) -> Vec<Effect> {
    if let Some(right) = action.needs()
        && !app.may_in(app.tab.context(), right)
    {
        let text = app
            .catalogue
            .fill(T::Refused, &[("action", &app.t(action.label()).to_owned())]);
        app.toast(Level::Warn, text);
        return Vec::new();
    }
    let tabs = app.tabs();
    match action {
        KeyAction::Quit => {
            app.should_quit = true;
            vec![Effect::Quit]
        }
        KeyAction::Help => {
            app.dialog = Some(Dialog::Help { scroll: 0 });
            Vec::new()
        }
        KeyAction::NextTab | KeyAction::PrevTab => {
            let at = tabs.iter().position(|&t| t == app.tab).unwrap_or(0);
            let step = if action == KeyAction::NextTab {
                1
            } else {
                tabs.len() - 1
            };
            switch_tab(app, tabs[(at + step) % tabs.len()])
        }
        KeyAction::Tab1
        | KeyAction::Tab2
        | KeyAction::Tab3
        | KeyAction::Tab4
        | KeyAction::Tab5
        | KeyAction::Tab6 => match action.tab_index().and_then(|index| tabs.get(index)) {
            Some(&tab) => switch_tab(app, tab),
            None => Vec::new(),
        },
        KeyAction::Filter => {
            if app.tab != Tab::Billing {
                app.filter_input = Some(TextArea::single(&current_filter(app)));
            }
            Vec::new()
        }
        KeyAction::Sort => {
            let label = match app.tab {
                Tab::Members => app.members.cycle_sort(),
                Tab::Invitations => app.invitations.cycle_sort(),
                Tab::Templates => app.templates.cycle_sort(),
                _ => None,
            };
            if let Some(label) = label {
                let text = app
                    .catalogue
                    .fill(T::SortLabel, &[("column", &app.t(label).to_owned())]);
                app.toast(Level::Info, text);
            }
            Vec::new()
        }
        KeyAction::Up => {
            move_selection(app, -1);
            Vec::new()
        }
        KeyAction::Down => {
            move_selection(app, 1);
            Vec::new()
        }
        KeyAction::PageUp => {
            move_selection(app, -(app.page.max(1) as isize));
            Vec::new()
        }
        KeyAction::PageDown => {
            move_selection(app, app.page.max(1) as isize);
            Vec::new()
        }
        KeyAction::Top | KeyAction::Bottom => {
            jump(app, action == KeyAction::Bottom);
            Vec::new()
        }
        KeyAction::Details => details(app),
        KeyAction::OpenTeam => open_team(app),
        KeyAction::Back => back(app),
        KeyAction::SwitchPerson => {
            if let Some(people) = &app.demo {
                let entries = people
                    .iter()
                    .map(|person| PickEntry {
                        label: person.part.clone(),
                        detail: person.email.clone(),
                        email: person.email.clone(),
                    })
                    .collect();
                let title = app.t(T::SwitcherTitle).to_owned();
                app.dialog = Some(Dialog::Picker {
                    title,
                    entries,
                    selected: 0,
                    remember: false,
                });
            }
            Vec::new()
        }
        KeyAction::ClockDay | KeyAction::ClockWeek if app.demo.is_some() => {
            let days = if action == KeyAction::ClockDay { 1 } else { 7 };
            vec![Effect::AdvanceClock(Duration::days(days))]
        }
        KeyAction::ClockDay | KeyAction::ClockWeek => Vec::new(),
        KeyAction::Invite => {
            app.dialog = Some(Dialog::Invite {
                addresses: TextArea::multi(""),
                role: Role::Member,
                field: InviteField::Addresses,
                error: None,
                sending: false,
            });
            Vec::new()
        }
        KeyAction::ChangeRole => {
            if let Some(member) = app.members.selected_row() {
                app.dialog = Some(Dialog::ChangeRole {
                    email: member.email.clone(),
                    name: member.name.clone(),
                    role: member.role,
                });
            }
            Vec::new()
        }
        KeyAction::Remove => {
            if let Some(member) = app.members.selected_row().cloned() {
                let words = (T::ConfirmRemoveTitle, T::ConfirmRemoveBody);
                let command = Command::RemoveMember {
                    email: member.email,
                };
                confirm(app, words, ("name", &member.name), command);
            }
            Vec::new()
        }
        KeyAction::MakeOwner => {
            if let Some(member) = app.members.selected_row().cloned() {
                let words = (T::ConfirmTransferTitle, T::ConfirmTransferBody);
                let command = Command::TransferOwnership { to: member.email };
                confirm(app, words, ("name", &member.name), command);
            }
            Vec::new()
        }
        KeyAction::Leave => {
            let team = team_name(app);
            let words = (T::ConfirmLeaveTitle, T::ConfirmLeaveBody);
            confirm(app, words, ("team", &team), Command::LeaveTeam);
            Vec::new()
        }
        KeyAction::Resend => match selected_invitation(app) {
            Some((email, team)) => vec![app.execute(Command::ResendInvitation { team, email })],
            None => Vec::new(),
        },
        KeyAction::Revoke => {
            if let Some((email, team)) = selected_invitation(app) {
                let words = (T::ConfirmRevokeTitle, T::ConfirmRevokeBody);
                let shown = email.clone();
                confirm(
                    app,
                    words,
                    ("email", &shown),
                    Command::RevokeInvitation { team, email },
                );
            }
            Vec::new()
        }
        KeyAction::NewTemplate => {
            let title = app.t(T::PromptTemplateName).to_owned();
            app.dialog = Some(Dialog::Prompt {
                title,
                input: TextArea::single(""),
                purpose: PromptPurpose::NewTemplate,
            });
            Vec::new()
        }
        KeyAction::EditTemplate | KeyAction::ViewTemplate | KeyAction::CopyTemplate => {
            let purpose = match action {
                KeyAction::EditTemplate => TemplatePurpose::Edit,
                KeyAction::CopyTemplate => TemplatePurpose::Copy,
                _ => TemplatePurpose::View,
            };
            match app.templates.selected_row() {
                Some(template) => vec![Effect::LoadTemplate {
                    actor: app.actor.clone(),
                    name: template.name.clone(),
                    purpose,
                }],
                None => Vec::new(),
            }
        }
        KeyAction::DeleteTemplate => {
            if let Some(template) = app.templates.selected_row().cloned() {
                let words = (T::ConfirmDeleteTemplateTitle, T::ConfirmDeleteTemplateBody);
                let command = Command::RemoveTemplate {
                    name: template.name.clone(),
                };
                confirm(app, words, ("name", &template.name), command);
            }
            Vec::new()
        }
        KeyAction::Upgrade => {
            let team = team_name(app);
            let words = (T::ConfirmUpgradeTitle, T::ConfirmUpgradeBody);
            confirm(app, words, ("team", &team), Command::UpgradeTeam);
            Vec::new()
        }
        KeyAction::Downgrade => {
            let team = team_name(app);
            let words = (T::ConfirmDowngradeTitle, T::ConfirmDowngradeBody);
            confirm(app, words, ("team", &team), Command::DowngradeTeam);
            Vec::new()
        }
        KeyAction::Rename => {
            let title = app.t(T::PromptRenameTeam).to_owned();
            let current = app.team_shown().map(|t| t.name.clone()).unwrap_or_default();
            app.dialog = Some(Dialog::Prompt {
                title,
                input: TextArea::single(&current),
                purpose: PromptPurpose::RenameTeam,
            });
            Vec::new()
        }
        KeyAction::SessionSharing => {
            let on = app.team_shown().is_some_and(|t| !t.session_sharing);
            vec![app.execute(Command::ChangeSettings(TeamSettings {
                name: None,
                session_sharing: Some(on),
            }))]
        }
        KeyAction::DeleteTeam => {
            let team = app.team_shown().map(|t| t.name.clone()).unwrap_or_default();
            let shown = line(&team).into_owned();
            let title = app
                .catalogue
                .fill(T::ConfirmDeleteTeamTitle, &[("team", &shown)]);
            let body = app
                .catalogue
                .fill(T::ConfirmDeleteTeamBody, &[("team", &shown)]);
            app.dialog = Some(Dialog::Confirm {
                title,
                body: vec![body],
                command: Command::DeleteTeam {
                    confirm_name: team.clone(),
                },
                typed: Some((team, TextArea::single(""))),
                error: None,
            });
            Vec::new()
        }
        KeyAction::Submit
        | KeyAction::Cancel
        | KeyAction::NextField
        | KeyAction::PrevField
        | KeyAction::Save
        | KeyAction::Yes
        | KeyAction::No => Vec::new(),
    }
}

fn team_name(app: &App) -> String {
    app.team_shown().map(|t| t.name.clone()).unwrap_or_default()
}

/// Asks for a yes before `command`; the title and body name the person,
/// address or team given as `(placeholder, value)`, sanitised here once for both.
fn confirm(
    app: &mut App,
    (title, body): (T, T),
    (placeholder, value): (&str, &str),
    command: Command,
) {
    let value = line(value);
    let title = app.catalogue.fill(title, &[(placeholder, &value)]);
    let body = app.catalogue.fill(body, &[(placeholder, &value)]);
    app.dialog = Some(Dialog::Confirm {
        title,
        body: vec![body],
        command,
        typed: None,
        error: None,
    });
}

/// The address and team of the invitation under the cursor.
fn selected_invitation(app: &App) -> Option<(String, TeamChoice)> {
    let invitation = match app.tab {
        Tab::Triage => &app.triage.selected_row()?.invitation,
        _ => app.invitations.selected_row()?,
    };
    if !matches!(
        invitation.status,
        InvitationStatus::Pending | InvitationStatus::Expired
    ) {
        return None;
    }
    let team = if app.is_support() {
        TeamChoice::Id(invitation.team)
    } else {
        TeamChoice::Own
    };
    Some((invitation.email.clone(), team))
}

/// Support staff open the team of the invitation under the cursor.
fn open_team(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.triage.selected_row() else {
        return Vec::new();
    };
    app.team = Some(row.invitation.team);
    app.tab = Tab::Invitations;
    app.detail_open = false;
    vec![app.load()]
}

fn details(app: &mut App) -> Vec<Effect> {
    match app.tab {
        Tab::Templates if app.may(Action::UseTemplates) => match app.templates.selected_row() {
            Some(template) => vec![Effect::LoadTemplate {
                actor: app.actor.clone(),
                name: template.name.clone(),
                purpose: TemplatePurpose::View,
            }],
            None => Vec::new(),
        },
        _ => {
            app.detail_open = !app.detail_open;
            Vec::new()
        }
    }
}

fn back(app: &mut App) -> Vec<Effect> {
    if app.detail_open {
        app.detail_open = false;
        return Vec::new();
    }
    if !current_filter(app).is_empty() {
        return clear_filter(app);
    }
    if app.is_support() && app.team.is_some() {
        app.team = None;
        app.tab = Tab::Triage;
        return vec![app.load()];
    }
    Vec::new()
}

/// Splits pasted or typed addresses on line breaks, spaces, commas and semicolons.
pub fn split_addresses(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The roles the invite and role dialogs offer, in order.
pub const ROLE_CHOICES: [Role; 4] = [
    Role::Admin,
    Role::TemplateManager,
    Role::Member,
    Role::Assistant,
];

/// The roles this team can give: assistants only on Clinic teams.
pub fn role_choices(app: &App) -> &'static [Role] {
    let clinic = app.team_shown().is_some_and(|t| t.kind == TeamKind::Clinic);
    if clinic {
        &ROLE_CHOICES
    } else {
        &ROLE_CHOICES[..3]
    }
}

fn cycle_role(role: Role, forward: bool, choices: &[Role]) -> Role {
    let at = choices.iter().position(|&r| r == role).unwrap_or(0);
    let next = if forward {
        at + 1
    } else {
        at + choices.len() - 1
    };
    choices[next % choices.len()]
}

fn on_dialog_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(mut dialog) = app.dialog.take() else {
        return Vec::new();
    };
    let pressed = Key::from_event(&key);
    let action = app.keymap.resolve(dialog.context(), pressed);
    let navigation = app.keymap.resolve(Context::Global, pressed);
    let (keep, effects) = dialog_key(app, &mut dialog, &key, action, navigation);
    if keep && app.dialog.is_none() {
        app.dialog = Some(dialog);
    }
    effects
}

/// Applies a key to the open dialog; returns whether it stays open, and the effects.
fn dialog_key(
    app: &mut App,
    dialog: &mut Dialog,
    key: &KeyEvent,
    action: Option<KeyAction>,
    navigation: Option<KeyAction>,
) -> (bool, Vec<Effect>) {
    const STAY: (bool, Vec<Effect>) = (true, Vec::new());
    const CLOSE: (bool, Vec<Effect>) = (false, Vec::new());
    match dialog {
        Dialog::Help { scroll } | Dialog::Viewer { scroll, .. } => {
            match (action, navigation) {
                (Some(KeyAction::Cancel | KeyAction::Submit), _) => return CLOSE,
                (_, Some(KeyAction::Help | KeyAction::Quit)) => return CLOSE,
                (_, Some(KeyAction::Down)) => *scroll += 1,
                (_, Some(KeyAction::Up)) => *scroll = scroll.saturating_sub(1),
                (_, Some(KeyAction::PageDown)) => *scroll += app.page,
                (_, Some(KeyAction::PageUp)) => *scroll = scroll.saturating_sub(app.page),
                (_, Some(KeyAction::Top)) => *scroll = 0,
                _ => {}
            }
            STAY
        }
        Dialog::Confirm {
            command,
            typed: None,
            ..
        } => match action {
            Some(KeyAction::Yes) => (false, vec![app.execute(command.clone())]),
            Some(KeyAction::No) => CLOSE,
            _ => STAY,
        },
        Dialog::Confirm {
            command,
            typed: Some((expected, input)),
            error,
            ..
        } => match action {
            Some(KeyAction::Cancel) => CLOSE,
            Some(KeyAction::Submit) if input.text() == *expected => {
                (false, vec![app.execute(command.clone())])
            }
            Some(KeyAction::Submit) => {
                *error = Some(
                    app.catalogue
                        .fill(T::ConfirmDeleteTeamType, &[("team", &line(expected))]),
                );
                STAY
            }
            _ => {
                input.handle_key(key);
                STAY
            }
        },
        Dialog::Invite {
            addresses,
            role,
            field,
            error,
            sending,
        } => match action {
            Some(KeyAction::Cancel) => CLOSE,
            _ if *sending => STAY,
            Some(KeyAction::NextField | KeyAction::PrevField) => {
                *field = match field {
                    InviteField::Addresses => InviteField::Role,
                    InviteField::Role => InviteField::Addresses,
                };
                STAY
            }
            Some(KeyAction::Submit) => {
                let emails = split_addresses(&addresses.text());
                if emails.is_empty() {
                    *error = Some(app.t(T::DialogInviteAddresses).to_owned());
                    return STAY;
                }
                // The dialog stays until the answer: refused addresses come back into it.
                *sending = true;
                *error = None;
                (
                    true,
                    vec![app.execute(Command::Invite {
                        emails,
                        role: *role,
                    })],
                )
            }
            _ => {
                match field {
                    InviteField::Addresses => {
                        addresses.handle_key(key);
                    }
                    InviteField::Role => match key.code {
                        KeyCode::Left | KeyCode::Up | KeyCode::Char('k' | 'h') => {
                            *role = cycle_role(*role, false, role_choices(app))
                        }
                        KeyCode::Right | KeyCode::Down | KeyCode::Char('j' | 'l' | ' ') => {
                            *role = cycle_role(*role, true, role_choices(app))
                        }
                        _ => {}
                    },
                }
                STAY
            }
        },
        Dialog::ChangeRole { email, role, .. } => match (action, navigation) {
            (Some(KeyAction::Cancel), _) => CLOSE,
            (Some(KeyAction::Submit), _) => {
                let command = Command::ChangeRole {
                    email: email.clone(),
                    role: *role,
                };
                (false, vec![app.execute(command)])
            }
            (_, Some(KeyAction::Up)) => {
                *role = cycle_role(*role, false, role_choices(app));
                STAY
            }
            (_, Some(KeyAction::Down)) => {
                *role = cycle_role(*role, true, role_choices(app));
                STAY
            }
            _ => STAY,
        },
        Dialog::Prompt { input, purpose, .. } => match action {
            Some(KeyAction::Cancel) => CLOSE,
            Some(KeyAction::Submit) => {
                let text = input.text();
                match purpose {
                    PromptPurpose::RenameTeam => {
                        let settings = TeamSettings {
                            name: Some(text),
                            session_sharing: None,
                        };
                        (false, vec![app.execute(Command::ChangeSettings(settings))])
                    }
                    PromptPurpose::CopyTemplate { body } => {
                        let command = Command::AddTemplate {
                            name: text,
                            body: body.clone(),
                        };
                        (false, vec![app.execute(command)])
                    }
                    PromptPurpose::NewTemplate => {
                        app.dialog = Some(Dialog::editor(text, None, ""));
                        CLOSE
                    }
                }
            }
            _ => {
                input.handle_key(key);
                STAY
            }
        },
        Dialog::Editor {
            name,
            base_version,
            area,
            saving,
            conflict,
            error,
            original,
            discard_armed,
        } => {
            match action {
                // Unsaved text is never thrown away on one key: the first Esc asks.
                Some(KeyAction::Cancel) if area.text() != *original && !*discard_armed => {
                    *discard_armed = true;
                    STAY
                }
                Some(KeyAction::Cancel) => CLOSE,
                Some(KeyAction::Save) if !*saving => {
                    let command = match base_version {
                        None => Command::AddTemplate {
                            name: name.clone(),
                            body: area.text(),
                        },
                        // After a conflict, saving means deliberately replacing their version.
                        Some(opened) => Command::EditTemplate {
                            name: name.clone(),
                            body: area.text(),
                            based_on: conflict.as_ref().map_or(*opened, |(version, _)| *version),
                        },
                    };
                    *saving = true;
                    *error = None;
                    *discard_armed = false;
                    (true, vec![app.execute(command)])
                }
                _ => {
                    if !*saving {
                        area.handle_key(key);
                        *discard_armed = false;
                    }
                    STAY
                }
            }
        }
        Dialog::Picker {
            entries,
            selected,
            remember,
            ..
        } => match (action, navigation) {
            (Some(KeyAction::Cancel), _) if app.loaded.is_some() => CLOSE,
            (Some(KeyAction::Submit), _) => {
                match entries.get(*selected).map(|entry| entry.email.clone()) {
                    Some(email) => (false, switch_person(app, email, *remember)),
                    None => STAY,
                }
            }
            (_, Some(KeyAction::Quit)) if app.loaded.is_none() => {
                app.should_quit = true;
                (false, vec![Effect::Quit])
            }
            (_, Some(KeyAction::Down)) => {
                *selected = (*selected + 1).min(entries.len().saturating_sub(1));
                STAY
            }
            (_, Some(KeyAction::Up)) => {
                *selected = selected.saturating_sub(1);
                STAY
            }
            _ => STAY,
        },
    }
}

/// Acts as another person from now on (the picker and the demo's switcher).
fn switch_person(app: &mut App, email: String, remember: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    if remember {
        effects.push(Effect::RememberAccount(email.clone()));
    }
    match Actor::person(&email) {
        Ok(actor) => {
            app.actor = actor;
            app.team = None;
            app.tab = Tab::Members;
            app.detail_open = false;
            let text = app
                .catalogue
                .fill(T::DoneSwitched, &[("email", &line(&email))]);
            app.toast(Level::Info, text);
            effects.push(app.load());
        }
        Err(error) => app.toast(Level::Error, error.to_string()),
    }
    effects
}

fn on_template(
    app: &mut App,
    purpose: TemplatePurpose,
    result: Result<crate::workspace::TemplateView, Failure>,
) -> Vec<Effect> {
    let template = match result {
        Ok(template) => template,
        Err(failure) => {
            app.toast(Level::Error, failure.message);
            return Vec::new();
        }
    };
    match purpose {
        TemplatePurpose::View => {
            app.dialog = Some(Dialog::Viewer {
                template,
                scroll: 0,
            })
        }
        TemplatePurpose::Edit => {
            app.dialog = Some(Dialog::editor(
                template.name,
                Some(template.version),
                &template.body,
            ))
        }
        TemplatePurpose::Copy => {
            let name = app
                .catalogue
                .fill(T::PromptCopyName, &[("name", &template.name)]);
            let title = app.t(T::PromptTemplateName).to_owned();
            app.dialog = Some(Dialog::Prompt {
                title,
                input: TextArea::single(&name),
                purpose: PromptPurpose::CopyTemplate {
                    body: template.body,
                },
            });
        }
        TemplatePurpose::Theirs => {
            if let Some(Dialog::Editor { conflict, .. }) = &mut app.dialog {
                *conflict = Some((template.version, template.updated_by.name));
            }
        }
    }
    Vec::new()
}

fn on_executed(app: &mut App, result: Result<Outcome, Failure>) -> Vec<Effect> {
    let saving_editor = matches!(app.dialog, Some(Dialog::Editor { saving: true, .. }));
    if let Some(Dialog::Invite {
        addresses,
        error,
        sending: sending @ true,
        ..
    }) = &mut app.dialog
    {
        // Addresses that were refused stay in the dialog with the reason; the rest are sent.
        *sending = false;
        match &result {
            Ok(Outcome::Invited(results)) => {
                let refused: Vec<(&str, &str)> = results
                    .iter()
                    .filter_map(|r| match r {
                        InviteResult::Refused { email, error, .. } => {
                            Some((email.as_str(), error.as_str()))
                        }
                        InviteResult::Invited(_) => None,
                    })
                    .collect();
                if refused.is_empty() {
                    app.dialog = None;
                } else {
                    *addresses = TextArea::multi(
                        &refused
                            .iter()
                            .map(|(email, _)| *email)
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                    *error = Some(
                        refused
                            .iter()
                            .map(|(email, why)| format!("{email}: {why}"))
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                }
            }
            Ok(_) => app.dialog = None,
            Err(failure) => *error = Some(failure.message.clone()),
        }
    }
    match result {
        Ok(outcome) => {
            if saving_editor {
                app.dialog = None;
            }
            announce(app, &outcome);
            if matches!(
                outcome,
                Outcome::TeamDeleted { .. } | Outcome::Removed { .. }
            ) && app.team.is_none()
            {
                app.tab = Tab::Members;
            }
            vec![app.load()]
        }
        Err(failure) => {
            if let Some(Dialog::Editor {
                saving,
                error,
                name,
                ..
            }) = &mut app.dialog
                && saving_editor
            {
                *saving = false;
                *error = Some(failure.message.clone());
                // Someone else saved first: fetch their version; the text typed here stays.
                if failure.conflict {
                    return vec![Effect::LoadTemplate {
                        actor: app.actor.clone(),
                        name: name.clone(),
                        purpose: TemplatePurpose::Theirs,
                    }];
                }
                return Vec::new();
            }
            let code = failure.code.map(|c| format!(" ({c})")).unwrap_or_default();
            app.toast(Level::Error, format!("{}{code}", failure.message));
            Vec::new()
        }
    }
}

/// A toast saying what a command did.
fn announce(app: &mut App, outcome: &Outcome) {
    let cat = &app.catalogue;
    let text = match outcome {
        Outcome::Invited(results) => {
            let invited = results
                .iter()
                .filter(|r| matches!(r, InviteResult::Invited(_)))
                .count();
            let mut refusals = Vec::new();
            for result in results {
                if let InviteResult::Refused { email, error, .. } = result {
                    refusals.push(cat.fill(
                        T::DoneInviteRefused,
                        &[("email", &line(email)), ("reason", &line(error))],
                    ));
                }
            }
            let text = cat.fill(T::DoneInvited, &[("count", &invited)]);
            for refusal in refusals {
                app.toast(Level::Warn, refusal);
            }
            text
        }
        Outcome::Resent(sent) => cat.fill(T::DoneResent, &[("email", &line(&sent.email))]),
        Outcome::Revoked(view) => cat.fill(T::DoneRevoked, &[("email", &line(&view.email))]),
        Outcome::Removed { email, .. } if matches!(&app.actor, Actor::Person(me) if me.as_str() == email) => {
            cat.get(T::DoneLeft).to_owned()
        }
        Outcome::Removed { email, .. } => cat.fill(T::DoneRemoved, &[("email", &line(email))]),
        Outcome::Member(view) => cat.fill(
            T::DoneRole,
            &[
                ("name", &line(&view.name)),
                ("role", &format::role(&app.catalogue, view.role, false)),
            ],
        ),
        Outcome::Team(_) => cat.get(T::DoneTeamChanged).to_owned(),
        Outcome::TeamDeleted { name, .. } => cat.fill(T::DoneTeamDeleted, &[("team", &line(name))]),
        Outcome::Template(view) => cat.fill(
            T::DoneTemplateSaved,
            &[("name", &line(&view.name)), ("version", &view.version)],
        ),
        Outcome::TemplateRemoved { name } => {
            cat.fill(T::DoneTemplateDeleted, &[("name", &line(name))])
        }
        Outcome::Account(_) | Outcome::Joined(_) | Outcome::Billing(_) => {
            cat.get(T::DoneTeamChanged).to_owned()
        }
    };
    app.toast(Level::Info, text);
}
