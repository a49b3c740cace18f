//! The one place that makes stored text safe to draw on a terminal.
//!
//! Every user string (names, emails, template bodies, audit details) passes
//! through [`line`] or [`block`] before any interface writes it, so nothing
//! stored can reach a terminal as an escape sequence, a bell, a bidi override
//! or an invisible character. Replacements are visible, so support staff can
//! see that something odd was typed.

use crate::text_width::columns;
use std::borrow::Cow;

use crate::domain::text::is_forbidden_in_name;

/// Columns between tab stops when a tab is expanded in a block.
pub const TAB_WIDTH: usize = 4;

/// The visible stand-in for a character that must not be drawn as it is.
fn stand_in(c: char) -> char {
    match c {
        // C0 controls have their own "control picture" glyphs: ESC shows as ␛, BEL as ␇.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

fn needs_stand_in(c: char) -> bool {
    is_forbidden_in_name(c)
}

/// One character as it may be drawn: itself, or its visible stand-in. For
/// text laid out a character at a time (an edited field with its cursor).
pub fn safe_char(c: char) -> char {
    if needs_stand_in(c) { stand_in(c) } else { c }
}

/// Text for a single line: every control (newlines and tabs included),
/// bidi or invisible character is replaced by a visible stand-in.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_stand_in) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if needs_stand_in(c) { stand_in(c) } else { c })
            .collect(),
    )
}

/// Multi-line text (a template body): split into lines, tabs expanded to
/// spaces, a CR before a newline dropped, everything else as in [`line`].
pub fn block(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|raw| {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let mut out = String::with_capacity(raw.len());
            let mut column = 0;
            for c in raw.chars() {
                if c == '\t' {
                    let spaces = TAB_WIDTH - column % TAB_WIDTH;
                    out.extend(std::iter::repeat_n(' ', spaces));
                    column += spaces;
                } else {
                    out.push(if needs_stand_in(c) { stand_in(c) } else { c });
                    column += 1;
                }
            }
            out
        })
        .collect()
}

/// Text cut to `width` terminal columns, ending in "…" when it was cut:
/// measured as terminals draw it ([`crate::text_width`]) and cut between
/// grapheme clusters, never between a letter and its vowel sign.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    if columns(text) <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = columns(grapheme);
        if used + w + 1 > width {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

/// "the link expired: resend it" → "The link expired: resend it." Only a
/// first word of letters (and inner `'` or `-`) is capitalised: one that is something a
/// person typed or named (an address, a file, a command, any word with a
/// dot, a digit or a mark in it) stays as it was, "exp.json is not an
/// export" as much as "a@c.example is not a member".
pub fn sentence(message: &str) -> String {
    let message = line(message.trim());
    let first_word = message.split_whitespace().next().unwrap_or_default();
    let word = first_word.trim_end_matches([':', ',']);
    let letters = |c: char| c.is_alphabetic() || c == '\'' || c == '-';
    let verbatim = !word.starts_with(char::is_alphabetic) || !word.chars().all(letters);
    let mut chars = message.chars();
    let mut text: String = match chars.next() {
        Some(first) if !verbatim => first.to_uppercase().chain(chars).collect(),
        _ => message.into_owned(),
    };
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_terminal_safe(text: &str) -> bool {
        !text.chars().any(needs_stand_in)
    }

    #[test]
    fn errors_read_as_one_sentence() {
        assert_eq!(
            sentence("a@c.example is not a member of \"T3\""),
            "a@c.example is not a member of \"T3\"."
        );
        assert_eq!(
            sentence("only team admins can view billing"),
            "Only team admins can view billing."
        );
        assert_eq!(sentence("bad \u{1b}[31m input"), "Bad ␛[31m input.");
        assert_eq!(
            sentence("exp.json is not a teamdesk export"),
            "exp.json is not a teamdesk export."
        );
        assert_eq!(
            sentence("evil\u{1b}]0: \"evil\" is not a valid address"),
            "evil␛]0: \"evil\" is not a valid address."
        );
        assert_eq!(sentence("archive: moved"), "Archive: moved.");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_to_its_width() {
        assert_eq!(fit("priya.shah@bondi.example", 10), "priya.sha…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("渡辺さくら", 5), "渡辺…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(
            fit("கார்த்திக் ராஜா", 6),
            "கார்த்…",
            "a vowel sign stays with its letter"
        );
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(
            line("Dr Priya Shah 🩺"),
            Cow::Borrowed("Dr Priya Shah 🩺")
        ));
    }

    #[test]
    fn escapes_bells_and_bidi_overrides_become_visible_stand_ins() {
        let hostile = "Bondi\u{1b}]0;owned\u{7}\u{1b}[31m\u{202E}red\u{200B}\u{9b}";
        let shown = line(hostile);
        assert!(is_terminal_safe(&shown));
        assert_eq!(shown, "Bondi␛]0;owned␇␛[31m\u{FFFD}red\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn blocks_keep_lines_and_expand_tabs() {
        assert_eq!(
            block("S:\tcough\r\nO:\u{1b}[2J"),
            vec!["S:  cough", "O:␛[2J"]
        );
        assert!(block("a\u{202E}b").iter().all(|l| is_terminal_safe(l)));
    }
}
