//! How many columns a terminal gives text.
//!
//! ratatui and the command line's tables measure with `unicode-width`, which
//! counts some characters differently from the `wcwidth` that terminals
//! (xterm, tmux, screen, most of what an SSH session ends in) draw with: a
//! Tamil or Bengali vowel sign such as U+0BBE "ா" is 0 columns to the first
//! and 1 to the second, U+3248 "㉈" 1 and 2. Laid out with the first and
//! drawn by the second, a name in those scripts pushes everything after it
//! out of line. This module is the second: `unicode-width` per character,
//! corrected where glibc 2.36's `wcwidth` disagrees with it (the table below,
//! found by comparing the two over every assigned code point).

use unicode_width::UnicodeWidthChar;

/// Characters whose width in a terminal differs from `unicode-width`'s:
/// first, last, columns.
const TERMINAL_WIDTHS: &[(char, char, u8)] = &[
    ('\u{ad}', '\u{ad}', 1),
    ('\u{605}', '\u{605}', 1),
    ('\u{70f}', '\u{70f}', 1),
    ('\u{890}', '\u{891}', 1),
    ('\u{8e2}', '\u{8e2}', 1),
    ('\u{9be}', '\u{9be}', 1),
    ('\u{9d7}', '\u{9d7}', 1),
    ('\u{b3e}', '\u{b3e}', 1),
    ('\u{b57}', '\u{b57}', 1),
    ('\u{bbe}', '\u{bbe}', 1),
    ('\u{bd7}', '\u{bd7}', 1),
    ('\u{cc0}', '\u{cc0}', 1),
    ('\u{cc2}', '\u{cc2}', 1),
    ('\u{cc7}', '\u{cc8}', 1),
    ('\u{cca}', '\u{ccb}', 1),
    ('\u{cd5}', '\u{cd6}', 1),
    ('\u{d3e}', '\u{d3e}', 1),
    ('\u{d4e}', '\u{d4e}', 1),
    ('\u{d57}', '\u{d57}', 1),
    ('\u{dcf}', '\u{dcf}', 1),
    ('\u{ddf}', '\u{ddf}', 1),
    ('\u{1715}', '\u{1715}', 1),
    ('\u{1734}', '\u{1734}', 1),
    ('\u{17a4}', '\u{17a4}', 1),
    ('\u{17d8}', '\u{17d8}', 1),
    ('\u{1b35}', '\u{1b35}', 1),
    ('\u{1b3b}', '\u{1b3b}', 1),
    ('\u{1b3d}', '\u{1b3d}', 1),
    ('\u{1b43}', '\u{1b44}', 1),
    ('\u{1baa}', '\u{1baa}', 1),
    ('\u{1bf2}', '\u{1bf3}', 1),
    ('\u{2630}', '\u{2637}', 1),
    ('\u{268a}', '\u{268f}', 1),
    ('\u{2d7f}', '\u{2d7f}', 0),
    ('\u{302e}', '\u{302f}', 2),
    ('\u{3164}', '\u{3164}', 2),
    ('\u{3248}', '\u{324f}', 2),
    ('\u{a8fa}', '\u{a8fa}', 1),
    ('\u{a953}', '\u{a953}', 1),
    ('\u{a9c0}', '\u{a9c0}', 1),
    ('\u{ffa0}', '\u{ffa0}', 1),
    ('\u{fff9}', '\u{fffb}', 0),
    ('\u{111c0}', '\u{111c0}', 1),
    ('\u{111c2}', '\u{111c3}', 1),
    ('\u{11235}', '\u{11235}', 1),
    ('\u{1133e}', '\u{1133e}', 1),
    ('\u{1134d}', '\u{1134d}', 1),
    ('\u{11357}', '\u{11357}', 1),
    ('\u{114b0}', '\u{114b0}', 1),
    ('\u{114bd}', '\u{114bd}', 1),
    ('\u{115af}', '\u{115af}', 1),
    ('\u{116b6}', '\u{116b6}', 1),
    ('\u{1171e}', '\u{1171e}', 0),
    ('\u{11930}', '\u{11930}', 1),
    ('\u{1193d}', '\u{1193d}', 1),
    ('\u{1193f}', '\u{1193f}', 1),
    ('\u{11941}', '\u{11941}', 1),
    ('\u{11a84}', '\u{11a89}', 1),
    ('\u{11d46}', '\u{11d46}', 1),
    ('\u{13430}', '\u{13438}', 0),
    ('\u{16ff0}', '\u{16ff1}', 2),
    ('\u{1d165}', '\u{1d166}', 1),
    ('\u{1d16d}', '\u{1d172}', 1),
    ('\u{1d300}', '\u{1d356}', 1),
    ('\u{1d360}', '\u{1d376}', 1),
];

/// The columns a terminal moves on by when it prints `c`: control
/// characters and combining marks 0, wide characters 2.
pub fn char_columns(c: char) -> usize {
    let found = TERMINAL_WIDTHS.binary_search_by(|&(first, last, _)| {
        if last < c {
            std::cmp::Ordering::Less
        } else if first > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    match found {
        Ok(index) => usize::from(TERMINAL_WIDTHS[index].2),
        Err(_) => c.width().unwrap_or(0),
    }
}

/// The columns a terminal gives `text`: the sum of its characters', as
/// terminals that do not join grapheme clusters count them.
pub fn columns(text: &str) -> usize {
    text.chars().map(char_columns).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns tmux 3.3a moved its cursor by after printing each name
    /// (read back with a cursor position report).
    #[test]
    fn names_in_every_script_measure_as_a_terminal_draws_them() {
        for (name, measured) in [
            ("கார்த்திக் ராஜா", 12),
            ("কামাল হোসেন", 11),
            ("สมชาย คำดี", 9),
            ("Zofia 🇵🇱 Nowak", 14),
            ("Box ㉈㉉ Sign", 13),
            ("Olivia Owner", 12),
        ] {
            assert_eq!(columns(name), measured, "{name}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_its_ranges_do_not_overlap() {
        for pair in TERMINAL_WIDTHS.windows(2) {
            assert!(pair[0].1 < pair[1].0, "{pair:?}");
        }
        assert!(
            TERMINAL_WIDTHS
                .iter()
                .all(|&(first, last, _)| first <= last)
        );
    }

    #[test]
    fn marks_and_controls_take_no_column_and_wide_characters_two() {
        assert_eq!(
            char_columns('\u{0bcd}'),
            0,
            "Tamil virama, a combining mark"
        );
        assert_eq!(
            char_columns('\u{0bbe}'),
            1,
            "Tamil vowel sign aa, a spacing mark"
        );
        assert_eq!(char_columns('\u{3248}'), 2);
        assert_eq!(char_columns('\u{1b}'), 0);
        assert_eq!(char_columns('漢'), 2);
        assert_eq!(char_columns('a'), 1);
    }
}
