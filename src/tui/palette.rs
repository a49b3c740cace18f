//! The command palette: every action on offer where the person is, found
//! by typing a few letters of it. Its entries are the keymap's bindings as
//! the footer and help offer them, so choosing one is pressing its key.

use super::keymap::{Context, Key, KeyAction};
use super::state::App;

/// One action the palette offers: what it does, and the key it runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub action: KeyAction,
    pub key: Key,
    /// Every key bound to it, as hints show them.
    pub keys: String,
    /// Its description in the console's language.
    pub label: String,
}

/// Whether a global key means something on the tab as it is: a tab closed
/// to the person shows no list to filter, sort or open, and Billing's
/// invoices are neither filtered nor sorted. The footer and the palette
/// both ask this.
pub fn applies_here(app: &App, context: Context, action: KeyAction) -> bool {
    // A tab closed to this person shows no list; Billing's invoices are
    // neither filtered nor sorted, and Triage's rows have one order.
    let no_list = app.dialog.is_none() && app.closed_reason(app.tab).is_some();
    let unfiltered = no_list || context == Context::Billing;
    // In a row's detail the list's order waits until Esc, as its filter does.
    let unsorted = no_list
        || (app.detail_open && app.dialog.is_none())
        || app
            .lists
            .list(app.tab)
            .is_none_or(|list| list.order().is_none());
    let sorting = matches!(action, KeyAction::Sort | KeyAction::ReverseSort);
    !((unfiltered && action == KeyAction::Filter)
        || (sorting && unsorted)
        || (no_list && action == KeyAction::Details))
}

/// Every action on offer on the tab on screen, its own first, then the
/// global ones, in keymap order; each only if its key runs it here.
pub fn entries(app: &App) -> Vec<Entry> {
    let here = app.tab.context();
    [here, Context::Global]
        .into_iter()
        .flat_map(|context| app.offered(context))
        .filter(|binding| {
            binding.action != KeyAction::Palette
                && applies_here(app, here, binding.action)
                && app.keymap.resolve(here, binding.keys[0]) == Some(binding.action)
        })
        .map(|binding| Entry {
            action: binding.action,
            key: binding.keys[0],
            keys: binding
                .keys
                .iter()
                .map(Key::display)
                .collect::<Vec<_>>()
                .join(" "),
            label: label(app, binding.action),
        })
        .collect()
}

/// An action's description; a tab's number also names the tab, so that
/// typing its name finds it.
fn label(app: &App, action: KeyAction) -> String {
    let label = app.t(action.label());
    match action
        .tab_index()
        .and_then(|index| app.tabs().get(index).copied())
    {
        Some(tab) => format!("{label} · {}", app.t(tab.label())),
        None => label.to_owned(),
    }
}

/// The entries matching `query`, best first (all of them, in keymap order,
/// for an empty query). An entry matches by its description or by its
/// name in keymap files (`messages`, `switch_person`).
pub fn matching(app: &App, query: &str) -> Vec<Entry> {
    let mut scored: Vec<(i32, usize, Entry)> = entries(app)
        .into_iter()
        .enumerate()
        .filter_map(|(order, entry)| {
            let score = score(query, &entry.label).max(score(query, entry.action.name()))?;
            Some((score, order, entry))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, entry)| entry).collect()
}

/// How well `query` matches `text` as a subsequence, ignoring case and
/// Polish diacritics; `None` when it does not. Letters that follow one
/// another in the text count most, then letters that start a word, so
/// "res" finds "resend" before "remove seat".
pub fn score(query: &str, text: &str) -> Option<i32> {
    let query: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold)
        .collect();
    if query.is_empty() {
        return Some(0);
    }
    let text: Vec<char> = text.chars().map(fold).collect();
    // best[j]: the best score of the query so far with its last letter at text[j].
    let mut best: Vec<Option<i32>> = vec![None; text.len()];
    for (i, &wanted) in query.iter().enumerate() {
        let mut next = vec![None; text.len()];
        // The best of the previous row before j, and whether text[j - 1] held it.
        let mut before: Option<i32> = None;
        for (j, &c) in text.iter().enumerate() {
            if c == wanted {
                let start = j == 0 || !text[j - 1].is_alphanumeric();
                let bonus = if start { 8 } else { 1 };
                next[j] = if i == 0 {
                    // An early first letter is worth a little more.
                    Some(bonus + 4 - (j as i32).min(4))
                } else {
                    let adjacent = j
                        .checked_sub(1)
                        .and_then(|k| best[k])
                        .map(|s| s + bonus + 10);
                    let gap = before.map(|s| s + bonus);
                    adjacent.max(gap)
                };
            }
            if let Some(s) = best[j] {
                before = Some(before.map_or(s, |b| b.max(s)));
            }
        }
        best = next;
    }
    best.into_iter().flatten().max()
}

/// A letter as the palette compares it: lower case, Polish letters as
/// their plain Latin ones ("usun" finds "usuń").
fn fold(c: char) -> char {
    let c = c.to_lowercase().next().unwrap_or(c);
    match c {
        'ą' => 'a',
        'ć' => 'c',
        'ę' => 'e',
        'ł' => 'l',
        'ń' => 'n',
        'ó' => 'o',
        'ś' => 's',
        'ź' | 'ż' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn letters_in_order_match_and_others_do_not() {
        assert!(score("msg", "messages").is_some());
        assert!(score("gsm", "messages").is_none());
        assert_eq!(score("", "anything"), Some(0));
        assert!(score("usun", "usuń członka").is_some(), "diacritics fold");
        assert!(score("RESEND", "resend").is_some(), "case folds");
    }

    #[test]
    fn consecutive_and_word_start_matches_rank_first() {
        let rank = |query: &str, a: &str, b: &str| score(query, a) > score(query, b);
        assert!(rank("res", "resend", "remove seat"), "consecutive first");
        assert!(
            rank("ct", "change tab", "quit action"),
            "word starts before letters inside words"
        );
        assert!(rank("inv", "invite", "open invoice"), "an earlier start");
    }
}
