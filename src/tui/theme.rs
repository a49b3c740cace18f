//! Colours and emphasis. Meaning never rides on colour alone: selection also
//! has a marker and reverse video, statuses and toast levels are words.

use ratatui::style::{Color, Modifier, Style};

/// The themes a person can choose (`--theme`, config `theme`); `NO_COLOR` picks monochrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Default,
    #[value(alias = "mono")]
    #[serde(alias = "mono")]
    Monochrome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub header: Style,
    pub badge: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub key: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Theme::default_colours(),
            ThemeName::Monochrome => Theme::monochrome(),
        }
    }

    fn default_colours() -> Theme {
        let plain = Style::new();
        Theme {
            name: ThemeName::Default,
            text: plain,
            dim: plain.fg(Color::DarkGray),
            title: plain.add_modifier(Modifier::BOLD),
            header: plain.fg(Color::White).bg(Color::Blue),
            badge: plain
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            tab: plain.fg(Color::Gray),
            tab_active: plain
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: plain.fg(Color::DarkGray),
            border_focus: plain.fg(Color::Cyan),
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            good: plain.fg(Color::Green),
            warn: plain.fg(Color::Yellow),
            bad: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all; emphasis by bold, underline and reverse video only.
    fn monochrome() -> Theme {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            name: ThemeName::Monochrome,
            text: plain,
            dim: plain,
            title: bold,
            header: plain.add_modifier(Modifier::REVERSED),
            badge: bold,
            tab: plain,
            tab_active: bold.add_modifier(Modifier::UNDERLINED),
            border: plain,
            border_focus: bold,
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            good: plain,
            warn: bold,
            bad: bold,
        }
    }
}
