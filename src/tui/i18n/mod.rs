//! Every piece of console text, one Fluent catalogue per language
//! (`assets/i18n/<lang>.ftl`). Panels ask for text by [`T`], so a panel
//! never holds a literal sentence and a missing translation is a test
//! failure. Fluent chooses plural forms by the language's rules (Polish
//! one, few and many) and inserts arguments without reading them again, so
//! a user's text that looks like a placeholder stays as typed.

mod ids;

use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use ids::T;

/// The console's languages (`--lang`, config `lang`, `LANG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Pl,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Pl];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }

    /// `en`, `pl`, or a locale such as `pl_PL.UTF-8`.
    pub fn parse(raw: &str) -> Option<Lang> {
        let lower = raw.trim().to_lowercase();
        let code = lower.split(['_', '-', '.']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The shipped catalogue, in Fluent's syntax.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../../assets/i18n/en.ftl"),
            Lang::Pl => include_str!("../../../assets/i18n/pl.ftl"),
        }
    }

    /// The character between whole units and cents: "99.00", "99,00".
    fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Pl => ',',
        }
    }
}

/// One language's catalogue. Shared by every console of a process
/// (`Send + Sync`): it holds no state that formatting changes.
pub struct Catalogue {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    /// Each message without arguments, formatted once, by [`T`]'s order.
    plain: Vec<String>,
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalogue")
            .field("lang", &self.lang)
            .finish()
    }
}

/// An argument as Fluent takes it: a count chooses a plural form.
enum Arg {
    Text(String),
    Count(i64),
}

impl Catalogue {
    /// The catalogue of `lang`, from the shipped Fluent file.
    pub fn load(lang: Lang) -> Result<Self, String> {
        let invalid = |what: String| format!("the {} catalogue is not valid: {what}", lang.code());
        let resource = FluentResource::try_new(lang.source().to_owned())
            .map_err(|(_, errors)| invalid(format!("{errors:?}")))?;
        let locale: LanguageIdentifier = lang
            .code()
            .parse()
            .map_err(|error| invalid(format!("{error}")))?;
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Terminals draw the isolation marks Fluent puts around arguments.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| invalid(format!("{errors:?}")))?;
        let mut catalogue = Catalogue {
            lang,
            bundle,
            plain: Vec::new(),
        };
        catalogue.plain = T::ALL
            .iter()
            .map(|&key| catalogue.format(key, &[]))
            .collect();
        Ok(catalogue)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Ids of [`T`] this catalogue lacks, and ids it has that [`T`] does not know.
    pub fn gaps(&self) -> (Vec<&'static str>, Vec<String>) {
        let missing = T::ALL
            .iter()
            .map(|key| key.id())
            .filter(|id| !self.bundle.has_message(id))
            .collect();
        let unknown = message_ids(self.lang.source())
            .filter(|id| !T::ALL.iter().any(|key| key.id() == *id))
            .map(str::to_owned)
            .collect();
        (missing, unknown)
    }

    /// The text of a message that takes no arguments.
    pub fn get(&self, key: T) -> &str {
        &self.plain[key as usize]
    }

    /// The text of a message with its arguments: each value is inserted as
    /// it is, never read for placeholders.
    pub fn fill(&self, key: T, values: &[(&str, &dyn fmt::Display)]) -> String {
        let args: Vec<(&str, Arg)> = values
            .iter()
            .map(|(name, value)| (*name, Arg::Text(value.to_string())))
            .collect();
        self.format(key, &args)
    }

    /// The form of a message for `count` (`$n`); the sign is the caller's
    /// to write.
    pub fn plural(&self, key: T, count: i64) -> String {
        self.counted(key, ("n", count), &[])
    }

    /// A message with one count, which chooses its plural form, and other values.
    pub fn counted(
        &self,
        key: T,
        (name, count): (&str, i64),
        values: &[(&str, &dyn fmt::Display)],
    ) -> String {
        let mut args = vec![(name, Arg::Count(count.saturating_abs()))];
        args.extend(
            values
                .iter()
                .map(|(name, value)| (*name, Arg::Text(value.to_string()))),
        );
        self.format(key, &args)
    }

    /// "1 day" / "3 days" / "1 dzień" / "3 dni".
    pub fn days(&self, count: i64) -> String {
        self.plural(T::Days, count)
    }

    /// Money in minor units with two decimals, in the language's way:
    /// "1518.00", "1518,00".
    pub fn amount(&self, minor: i64) -> String {
        let sign = if minor < 0 { "-" } else { "" };
        let minor = minor.unsigned_abs();
        let separator = self.lang.decimal_separator();
        format!("{sign}{}{separator}{:02}", minor / 100, minor % 100)
    }

    /// An amount and its currency: "99.00 USD", "99,00 USD".
    pub fn money(&self, minor: i64, currency: &str) -> String {
        format!("{} {currency}", self.amount(minor))
    }

    fn format(&self, key: T, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(key.id()).and_then(|m| m.value()) else {
            // A missing message shows as its id, so it is noticed.
            return key.id().to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Count(count) => FluentValue::from(*count),
            };
            fluent_args.set(*name, value.into_owned());
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        // Every argument a message uses is given (one given and not used is
        // fine: a title and a body are filled alike).
        debug_assert!(
            args.is_empty() || errors.is_empty(),
            "{}: {errors:?}",
            key.id()
        );
        text.into_owned()
    }
}

/// The ids of the messages a Fluent source defines, in order.
pub fn message_ids(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let (id, _) = line.split_once(" =")?;
        let valid = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        valid.then_some(id)
    })
}

/// The `$arguments` each message of a Fluent source uses, by id.
pub fn message_arguments(source: &str) -> Vec<(&str, Vec<&str>)> {
    let mut found: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in source.lines() {
        if let Some(id) = message_ids(line).next() {
            found.push((id, Vec::new()));
        }
        let Some((_, used)) = found.last_mut() else {
            continue;
        };
        for (at, _) in line.match_indices('$') {
            let rest = &line[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            used.push(&rest[..end]);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AuditDetail;
    use crate::domain::audit_detail::tests::samples;
    use crate::tui::view::format::audit_detail;

    #[test]
    fn every_message_is_in_every_language_with_only_declared_arguments() {
        for lang in Lang::ALL {
            let catalogue = Catalogue::load(lang).unwrap();
            let (missing, unknown) = catalogue.gaps();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                unknown.is_empty(),
                "{} has unknown ids {unknown:?}",
                lang.code()
            );
            for (id, used) in message_arguments(lang.source()) {
                let key = T::ALL.iter().find(|key| key.id() == id).unwrap();
                for name in used {
                    assert!(
                        key.args().contains(&name),
                        "{} {id} uses ${name}, which the console does not give",
                        lang.code()
                    );
                }
            }
        }
        // Every kind of audit detail is worded in each language, with every
        // argument its message uses given (Fluent's complaints panic here),
        // in Polish in Polish; a sentence from before is shown as written.
        let [en, pl] = Lang::ALL.map(|lang| Catalogue::load(lang).unwrap());
        for (detail, sentence) in samples() {
            let words = [&en, &pl].map(|catalogue| audit_detail(catalogue, &detail));
            for text in &words {
                assert!(!text.is_empty(), "{detail:?}");
                for key in T::ALL.iter().filter(|key| key.id().contains('-')) {
                    assert!(!text.contains(key.id()), "{detail:?}: {text}");
                }
            }
            if matches!(detail, AuditDetail::Recorded(_)) {
                assert_eq!(words, [sentence, sentence]);
            } else {
                assert_ne!(words[0], words[1], "{detail:?} is not Polish");
            }
        }
    }

    #[test]
    fn locales_choose_a_language() {
        assert_eq!(Lang::parse("pl_PL.UTF-8"), Some(Lang::Pl));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), None);
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let en = Catalogue::load(Lang::En).unwrap();
        assert_eq!(en.days(1), "1 day");
        assert_eq!(en.days(3), "3 days");
        assert_eq!(en.plural(T::CostSeats, 1), "1 billed seat");
        assert_eq!(en.plural(T::CostSeats, 2), "2 billed seats");
        assert_eq!(en.plural(T::BillingAssistants, 1), "1 assistant (free)");
        assert_eq!(en.plural(T::BillingAssistants, 0), "0 assistants (free)");
        assert_eq!(en.plural(T::BillingAssistants, 3), "3 assistants (free)");
        assert_eq!(en.plural(T::BillingSeatsBilled, 1), "1 billed seat");
        assert_eq!(en.plural(T::BillingSeatsBilled, 9), "9 billed seats");
        assert_eq!(en.plural(T::ActivityEntries, 1), "1 audit entry");
        assert_eq!(en.plural(T::ActivityEntries, 29), "29 audit entries");
        let pl = Catalogue::load(Lang::Pl).unwrap();
        let seats = |n| pl.plural(T::CostSeats, n);
        assert_eq!(seats(1), "1 płatne miejsce");
        assert_eq!(seats(2), "2 płatne miejsca");
        assert_eq!(seats(4), "4 płatne miejsca");
        assert_eq!(seats(5), "5 płatnych miejsc");
        assert_eq!(seats(12), "12 płatnych miejsc");
        assert_eq!(seats(22), "22 płatne miejsca");
        assert_eq!(seats(0), "0 płatnych miejsc");
        assert_eq!(seats(-1), "1 płatne miejsce", "the sign is the caller's");
        assert_eq!(pl.plural(T::BillingSeatsBilled, 5), "5 płatnych miejsc");
        assert_eq!(
            pl.plural(T::BillingAssistants, 1),
            "1 asystent (bezpłatnie)"
        );
        assert_eq!(pl.plural(T::ActivityEntries, 22), "22 wpisy dziennika");
        assert_eq!(pl.plural(T::ActivityEntries, 29), "29 wpisów dziennika");
        assert_eq!(pl.days(1), "1 dzień");
        assert_eq!(pl.days(5), "5 dni");
        let bytes = |n| pl.plural(T::AuditBytes, n);
        assert_eq!(
            [bytes(1), bytes(3), bytes(5), bytes(22)],
            ["1 bajt", "3 bajty", "5 bajtów", "22 bajty"]
        );
        let released = |n| pl.plural(T::AuditAssistantsReleased, n);
        assert_eq!(released(1), "1 asystent wrócił do planu Darmowego");
        assert_eq!(released(5), "5 asystentów wróciło do planu Darmowego");
    }

    #[test]
    fn arguments_are_inserted_as_they_are() {
        let en = Catalogue::load(Lang::En).unwrap();
        let text = en.fill(T::DoneRenamed, &[("team", &"{ $team } \u{2068}x")]);
        assert!(text.contains("{ $team } \u{2068}x"), "{text}");
        assert!(
            !en.fill(T::DoneRenamed, &[("team", &"Bondi")])
                .contains('\u{2068}'),
            "no isolation marks around arguments"
        );
    }

    #[test]
    fn amounts_take_the_languages_decimal_separator() {
        let en = Catalogue::load(Lang::En).unwrap();
        let pl = Catalogue::load(Lang::Pl).unwrap();
        assert_eq!(en.money(9900, "USD"), "99.00 USD");
        assert_eq!(pl.money(9900, "USD"), "99,00 USD");
        assert_eq!(pl.amount(-639), "-6,39");
        let joined = AuditDetail::Joined {
            role: crate::domain::Role::Member,
            plan: crate::domain::audit_detail::FormerPlan::Pro {
                cycle: crate::domain::Cycle::Yearly,
                credit: 99_000,
            },
            on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        assert!(audit_detail(&en, &joined).contains(" 990.00 "));
        assert!(audit_detail(&pl, &joined).contains(" 990,00 "));
    }
}
