//! Invitation emails as a subject, a plain-text part and an HTML part, in the
//! team's language, from the templates in `assets/email/<language>/`.
//!
//! A template knows two forms: `{{name}}` inserts a value, and a line holding
//! only `{{#flag}}` … a line holding only `{{/flag}}` keeps the lines between
//! them when the flag is set. Every value is sanitised before it is inserted
//! (and HTML-escaped in the HTML part), and inserted text is never scanned
//! again, so a name that looks like a placeholder stays as it was typed. A
//! name the renderer does not know is left in the output as it is, where the
//! tests that render every template find it.

use chrono::{DateTime, Datelike, Utc};

use crate::domain::calendar::day;
use crate::domain::{Language, Role};
use crate::sanitize;

/// Which email of an invitation's life is being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    /// The first email, sent when an admin invites the address (R2).
    Invitation,
    /// A new link after a resend; it says the earlier link no longer works (R4).
    Resend,
    /// A nudge [`REMINDER_DAYS`](crate::domain::invitation::REMINDER_DAYS) days before the link expires.
    Reminder,
}

/// What joining will do to the invitee's own plan, said in the email (R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoiningEffect {
    /// No account yet, or a Free account: joining gives Pro through the team, at no cost to them.
    ProThroughTeam,
    /// A personal Pro subscription: it is cancelled when they join and the unused days are credited to their own account.
    PersonalProCancelled,
}

/// Everything an invitation email says. The strings are as stored: the
/// renderer makes them safe for each part.
#[derive(Debug, Clone)]
pub struct EmailFacts<'a> {
    pub kind: EmailKind,
    pub language: Language,
    pub team_name: &'a str,
    pub inviter_name: &'a str,
    pub role: Role,
    pub link: &'a str,
    pub expires_at: DateTime<Utc>,
    pub joining: JoiningEffect,
}

/// One email ready for a transport: a single-line subject and two parts
/// that say the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders the subject, the plain-text part and the HTML part of one email.
pub fn render(facts: &EmailFacts<'_>) -> RenderedEmail {
    let templates = Templates::of(facts.language);
    let flags = flags(facts);
    let plain: Vec<(&str, String)> = values(facts)
        .into_iter()
        .map(|(name, value)| (name, sanitize::line(&value).into_owned()))
        .collect();
    let subject = fill(templates.subject, &plain, &flags).trim().to_owned();
    let mut html_values: Vec<(&str, String)> = plain
        .iter()
        .map(|(name, value)| (*name, escape_html(value)))
        .collect();
    html_values.push(("subject", escape_html(&subject)));
    RenderedEmail {
        text: fill(templates.text, &plain, &flags),
        html: fill(templates.html, &html_values, &flags),
        subject,
    }
}

/// The three templates of one language, compiled into the binary.
struct Templates {
    subject: &'static str,
    text: &'static str,
    html: &'static str,
}

impl Templates {
    fn of(language: Language) -> Self {
        match language {
            Language::En => Templates {
                subject: include_str!("../../assets/email/en/subject.txt"),
                text: include_str!("../../assets/email/en/invitation.txt"),
                html: include_str!("../../assets/email/en/invitation.html"),
            },
            Language::Pl => Templates {
                subject: include_str!("../../assets/email/pl/subject.txt"),
                text: include_str!("../../assets/email/pl/invitation.txt"),
                html: include_str!("../../assets/email/pl/invitation.html"),
            },
        }
    }
}

/// The values the templates insert, as stored or worded, before escaping.
fn values(facts: &EmailFacts<'_>) -> Vec<(&'static str, String)> {
    let language = facts.language;
    vec![
        ("team", facts.team_name.to_owned()),
        ("inviter", facts.inviter_name.to_owned()),
        ("role", role_words(language, facts.role).to_owned()),
        ("link", facts.link.to_owned()),
        ("expires", expiry_moment(language, facts.expires_at)),
        ("expiry_date", expiry_date(language, facts.expires_at)),
    ]
}

/// The sections the templates may show: one per kind and one per effect.
fn flags(facts: &EmailFacts<'_>) -> [(&'static str, bool); 5] {
    [
        ("invitation", facts.kind == EmailKind::Invitation),
        ("resend", facts.kind == EmailKind::Resend),
        ("reminder", facts.kind == EmailKind::Reminder),
        (
            "pro_through_team",
            facts.joining == JoiningEffect::ProThroughTeam,
        ),
        (
            "personal_pro_cancelled",
            facts.joining == JoiningEffect::PersonalProCancelled,
        ),
    ]
}

/// A role as the invitation sentence says it: "as an admin", "jako administrator".
fn role_words(language: Language, role: Role) -> &'static str {
    match (language, role) {
        (Language::En, Role::Admin) => "an admin",
        (Language::En, Role::TemplateManager) => "a template manager",
        (Language::En, Role::Member) => "a member",
        (Language::En, Role::Assistant) => "an assistant",
        (Language::Pl, Role::Admin) => "administrator",
        (Language::Pl, Role::TemplateManager) => "menedżer szablonów",
        (Language::Pl, Role::Member) => "członek",
        (Language::Pl, Role::Assistant) => "asystent",
    }
}

/// Polish month names in the genitive, as a day of a month is said: "2 grudnia 2026".
const POLISH_MONTHS: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];

/// The day a link expires: "2 Dec 2026" (as the console writes it), "2 grudnia 2026".
fn expiry_date(language: Language, at: DateTime<Utc>) -> String {
    match language {
        Language::En => day(at),
        Language::Pl => format!(
            "{} {} {}",
            at.day(),
            POLISH_MONTHS[at.month0() as usize],
            at.year()
        ),
    }
}

/// The moment a link expires, in UTC so every reader sees the same time.
fn expiry_moment(language: Language, at: DateTime<Utc>) -> String {
    format!("{}, {} UTC", expiry_date(language, at), at.format("%H:%M"))
}

/// Text safe inside HTML elements and quoted attributes alike.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A line that holds only a section tag.
enum Tag<'t> {
    Open { name: &'t str, shown: bool },
    Close(&'t str),
}

/// The section tag a line holds, if it holds only one with a known flag.
fn section_tag<'t>(line: &'t str, flags: &[(&str, bool)]) -> Option<Tag<'t>> {
    let inner = line.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    if let Some(name) = inner.strip_prefix('#') {
        let (_, shown) = flags.iter().find(|(flag, _)| *flag == name)?;
        Some(Tag::Open {
            name,
            shown: *shown,
        })
    } else {
        inner.strip_prefix('/').map(Tag::Close)
    }
}

/// Fills a template (the two forms are in the module comment). Tags it does
/// not understand stay in the output, and a section left open is named at the
/// end, so a broken template shows `{{` wherever it is rendered.
fn fill(template: &str, values: &[(&str, String)], flags: &[(&str, bool)]) -> String {
    let mut out = String::with_capacity(template.len() + 512);
    let mut open: Vec<(&str, bool)> = Vec::new();
    for line in template.split_inclusive('\n') {
        match section_tag(line, flags) {
            Some(Tag::Open { name, shown }) => open.push((name, shown)),
            Some(Tag::Close(name)) if open.last().is_some_and(|(top, _)| *top == name) => {
                open.pop();
            }
            _ if open.iter().all(|(_, shown)| *shown) => insert_values(line, values, &mut out),
            _ => {}
        }
    }
    for (name, _) in open.iter().rev() {
        out.push_str(&format!("{{{{#{name}}}}} is never closed\n"));
    }
    out
}

/// Copies `line` to `out`, each known `{{name}}` replaced by its value in one
/// pass: a value is never scanned for placeholders itself.
fn insert_values(line: &str, values: &[(&str, String)], out: &mut String) {
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let known = after.find("}}").and_then(|end| {
            let name = &after[..end];
            let (_, value) = values.iter().find(|(known, _)| *known == name)?;
            Some((value, end))
        });
        match known {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::invitation::REMINDER_DAYS;
    use chrono::TimeZone;

    const KINDS: [EmailKind; 3] = [
        EmailKind::Invitation,
        EmailKind::Resend,
        EmailKind::Reminder,
    ];
    const JOININGS: [JoiningEffect; 2] = [
        JoiningEffect::ProThroughTeam,
        JoiningEffect::PersonalProCancelled,
    ];
    const TEAM: &str = "Bondi Family Practice";
    const INVITER: &str = "Olivia Owner";
    const LINK: &str = "https://teamdesk.example/join/Zm9vYmFyYmF6cXV4";

    fn facts(kind: EmailKind, language: Language, joining: JoiningEffect) -> EmailFacts<'static> {
        EmailFacts {
            kind,
            language,
            team_name: TEAM,
            inviter_name: INVITER,
            role: Role::Member,
            link: LINK,
            expires_at: Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap(),
            joining,
        }
    }

    fn every_email() -> Vec<(EmailFacts<'static>, RenderedEmail)> {
        let mut all = Vec::new();
        for language in Language::ALL {
            for kind in KINDS {
                for joining in JOININGS {
                    let facts = facts(kind, language, joining);
                    let email = render(&facts);
                    all.push((facts, email));
                }
            }
        }
        all
    }

    fn expiry(language: Language) -> &'static str {
        match language {
            Language::En => "2 Dec 2026, 09:00 UTC",
            Language::Pl => "2 grudnia 2026, 09:00 UTC",
        }
    }

    /// The words a reader of the HTML part sees: the body without tags, entities decoded.
    fn visible_words(html: &str) -> Vec<String> {
        let body = &html[html.find("<body").expect("a body")..];
        let mut text = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        text.split_whitespace().map(str::to_owned).collect()
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn names_holding_markup_quotes_and_escape_sequences_are_made_harmless() {
        let team = "Bondi <b>Family</b> & \"Partners\" 'GP'";
        let inviter = "Olivia \u{1b}[31mOwner\u{202e}gnp.exe";
        for (facts, _) in every_email() {
            let email = render(&EmailFacts {
                team_name: team,
                inviter_name: inviter,
                ..facts
            });
            assert!(
                email.html.contains(
                    "Bondi &lt;b&gt;Family&lt;/b&gt; &amp; &quot;Partners&quot; &#39;GP&#39;"
                ),
                "{}",
                email.html
            );
            assert!(!email.html.contains("<b>"));
            assert!(email.html.contains("Olivia ␛[31mOwner\u{FFFD}gnp.exe"));
            for part in [&email.subject, &email.text, &email.html] {
                assert!(!part.contains('\u{1b}'), "{part}");
                assert!(!part.contains('\u{202e}'), "{part}");
            }
            // Plain text shows the name as typed, with visible stand-ins only.
            assert!(email.text.contains(team));
            assert!(email.text.contains("Olivia ␛[31mOwner\u{FFFD}gnp.exe"));
            assert!(email.subject.contains(team));
        }
    }

    #[test]
    fn a_subject_stays_one_line_whatever_the_team_name_holds() {
        let facts = EmailFacts {
            team_name: "Bondi\r\nBcc: everyone@example.com",
            ..facts(
                EmailKind::Invitation,
                Language::En,
                JoiningEffect::ProThroughTeam,
            )
        };
        let email = render(&facts);
        assert_eq!(
            email.subject,
            "You're invited to join Bondi␍␊Bcc: everyone@example.com on teamdesk"
        );
    }

    #[test]
    fn the_link_is_an_escaped_href_and_its_own_visible_text() {
        let link = "https://teamdesk.example/join/a\"onclick=\"x()'<";
        let escaped = "https://teamdesk.example/join/a&quot;onclick=&quot;x()&#39;&lt;";
        for (facts, _) in every_email() {
            let email = render(&EmailFacts { link, ..facts });
            let anchor = format!("<a href=\"{escaped}\" style=\"color: #0b57d0;\">{escaped}</a>");
            assert!(email.html.contains(&anchor), "{}", email.html);
            assert_eq!(email.html.matches("href=").count(), 1);
            assert!(email.text.contains(&format!("\n    {link}\n")));
        }
    }

    #[test]
    fn every_kind_and_language_names_the_team_inviter_link_and_expiry() {
        for (facts, email) in every_email() {
            let language = facts.language;
            assert!(email.subject.contains(TEAM));
            assert!(!email.subject.contains('\n'));
            for part in [&email.text, &email.html] {
                assert!(part.contains(TEAM), "{part}");
                assert!(part.contains(INVITER), "{part}");
                assert!(part.contains(LINK), "{part}");
                assert!(part.contains(expiry(language)), "{part}");
            }
            for part in [&email.subject, &email.text, &email.html] {
                assert!(!part.contains("{{") && !part.contains("}}"), "{part}");
            }
            assert_eq!(
                visible_words(&email.html),
                words(&email.text),
                "the parts of {facts:?} say different things"
            );
        }
    }

    #[test]
    fn subjects_say_which_email_it_is() {
        let expected = [
            (
                Language::En,
                EmailKind::Invitation,
                "You're invited to join Bondi Family Practice on teamdesk",
            ),
            (
                Language::En,
                EmailKind::Resend,
                "Your new invitation to join Bondi Family Practice on teamdesk",
            ),
            (
                Language::En,
                EmailKind::Reminder,
                "Reminder: your invitation to join Bondi Family Practice on teamdesk expires on 2 Dec 2026",
            ),
            (
                Language::Pl,
                EmailKind::Invitation,
                "Zaproszenie do zespołu Bondi Family Practice w teamdesk",
            ),
            (
                Language::Pl,
                EmailKind::Resend,
                "Nowe zaproszenie do zespołu Bondi Family Practice w teamdesk",
            ),
            (
                Language::Pl,
                EmailKind::Reminder,
                "Przypomnienie: zaproszenie do zespołu Bondi Family Practice w teamdesk wygasa 2 grudnia 2026",
            ),
        ];
        for (language, kind, subject) in expected {
            let email = render(&facts(kind, language, JoiningEffect::ProThroughTeam));
            assert_eq!(email.subject, subject);
        }
    }

    #[test]
    fn only_a_resend_retires_the_earlier_link_and_only_a_reminder_counts_days() {
        let days = REMINDER_DAYS;
        for (facts, email) in every_email() {
            let (retired, countdown) = match facts.language {
                Language::En => (
                    "The earlier invitation link no longer works".to_owned(),
                    format!("expires in {days} days, on {}", expiry(facts.language)),
                ),
                Language::Pl => (
                    "Wcześniejszy link z zaproszeniem już nie działa".to_owned(),
                    format!("wygasa za {days} dni: {}", expiry(facts.language)),
                ),
            };
            let is_resend = facts.kind == EmailKind::Resend;
            let is_reminder = facts.kind == EmailKind::Reminder;
            assert_eq!(email.text.contains(&retired), is_resend, "{facts:?}");
            assert_eq!(email.text.contains(&countdown), is_reminder, "{facts:?}");
        }
    }

    #[test]
    fn each_joining_effect_is_said_in_both_languages() {
        let sentences = [
            (
                Language::En,
                JoiningEffect::ProThroughTeam,
                "Joining gives you Pro through the team, at no cost to you.",
            ),
            (
                Language::En,
                JoiningEffect::PersonalProCancelled,
                "Your personal Pro subscription is cancelled when you join, and its unused days are credited to your own account.",
            ),
            (
                Language::Pl,
                JoiningEffect::ProThroughTeam,
                "Po dołączeniu otrzymasz plan Profesjonalny w ramach zespołu, bez żadnych kosztów po Twojej stronie.",
            ),
            (
                Language::Pl,
                JoiningEffect::PersonalProCancelled,
                "Twoja osobista subskrypcja planu Profesjonalnego zostanie anulowana w chwili dołączenia, a wartość niewykorzystanych dni zostanie zapisana jako środki na Twoim własnym koncie.",
            ),
        ];
        for (facts, email) in every_email() {
            for (language, joining, sentence) in sentences {
                let expected = facts.language == language && facts.joining == joining;
                assert_eq!(email.text.contains(sentence), expected, "{facts:?}");
                assert_eq!(email.html.contains(sentence), expected, "{facts:?}");
            }
        }
    }

    #[test]
    fn every_email_tells_how_to_join_and_the_one_team_rule() {
        for (facts, email) in every_email() {
            let phrases: &[&str] = match facts.language {
                Language::En => &[
                    "The link works once",
                    "sign in with this email address",
                    "sign up with this same address",
                    "You can be in one team at a time",
                ],
                Language::Pl => &[
                    "Link działa tylko raz",
                    "zaloguj się tym adresem e-mail",
                    "załóż je na ten sam adres",
                    "tylko do jednego zespołu naraz",
                ],
            };
            for phrase in phrases {
                assert!(email.text.contains(phrase), "{facts:?} lacks {phrase}");
            }
        }
    }

    #[test]
    fn every_role_is_worded_in_both_languages() {
        let expected = [
            (Language::En, Role::Admin, "as an admin."),
            (
                Language::En,
                Role::TemplateManager,
                "as a template manager.",
            ),
            (Language::En, Role::Member, "as a member."),
            (Language::En, Role::Assistant, "as an assistant."),
            (Language::Pl, Role::Admin, "jako administrator."),
            (
                Language::Pl,
                Role::TemplateManager,
                "jako menedżer szablonów.",
            ),
            (Language::Pl, Role::Member, "jako członek."),
            (Language::Pl, Role::Assistant, "jako asystent."),
        ];
        for (language, role, words) in expected {
            let email = render(&EmailFacts {
                role,
                ..facts(
                    EmailKind::Invitation,
                    language,
                    JoiningEffect::ProThroughTeam,
                )
            });
            assert!(email.text.contains(words), "{}", email.text);
        }
    }

    #[test]
    fn polish_dates_name_the_month_in_the_genitive() {
        let at = |month| Utc.with_ymd_and_hms(2027, month, 5, 17, 30, 0).unwrap();
        assert_eq!(
            expiry_moment(Language::Pl, at(1)),
            "5 stycznia 2027, 17:30 UTC"
        );
        assert_eq!(
            expiry_moment(Language::Pl, at(9)),
            "5 września 2027, 17:30 UTC"
        );
        assert_eq!(expiry_moment(Language::En, at(9)), "5 Sep 2027, 17:30 UTC");
    }

    #[test]
    fn html_is_a_small_self_contained_document() {
        for (facts, email) in every_email() {
            let html = &email.html;
            assert!(html.starts_with("<!DOCTYPE html>\n"));
            let lang = format!("<html lang=\"{}\">", facts.language.code());
            assert!(html.contains(&lang));
            assert!(html.contains("<meta charset=\"utf-8\">"));
            assert!(html.contains(&format!("<title>{}</title>", escape_html(&email.subject))));
            for outside in ["<script", "src=", "<link", "url(", "@import"] {
                assert!(!html.contains(outside), "{facts:?} holds {outside}");
            }
            assert!(html.trim_end().ends_with("</html>"));
        }
    }

    #[test]
    fn unknown_placeholders_and_broken_sections_stay_visible() {
        let values = [("team", "Bondi".to_owned())];
        let flags = [("resend", true)];
        assert_eq!(
            fill("{{team}} {{tema}}\n", &values, &flags),
            "Bondi {{tema}}\n"
        );
        assert_eq!(fill("{{#resnd}}\nx\n", &values, &flags), "{{#resnd}}\nx\n");
        assert_eq!(
            fill("{{#resend}}\nx\n", &values, &flags),
            "x\n{{#resend}} is never closed\n"
        );
        assert_eq!(fill("{{/resend}}\n", &values, &flags), "{{/resend}}\n");
    }

    #[test]
    fn a_value_that_looks_like_a_placeholder_is_inserted_as_typed() {
        let values = [
            ("team", "{{link}} }}{{".to_owned()),
            ("link", "https://x.example".to_owned()),
        ];
        assert_eq!(
            fill("{{team}}|{{link}}", &values, &[]),
            "{{link}} }}{{|https://x.example"
        );
    }

    #[test]
    fn hidden_sections_hide_their_lines_and_tag_lines_vanish() {
        let flags = [("resend", false), ("reminder", true)];
        let template = "a\n{{#resend}}\nb\n{{/resend}}\n  {{#reminder}}\nc\n{{/reminder}}\nd\n";
        assert_eq!(fill(template, &[], &flags), "a\nc\nd\n");
    }

    #[test]
    fn english_invitation_reads_as_reviewed() {
        let email = render(&facts(
            EmailKind::Invitation,
            Language::En,
            JoiningEffect::ProThroughTeam,
        ));
        insta::assert_snapshot!(
            "en_invitation_text",
            format!("Subject: {}\n\n{}", email.subject, email.text)
        );
        insta::assert_snapshot!("en_invitation_html", email.html);
    }

    #[test]
    fn polish_invitation_reads_as_reviewed() {
        let email = render(&EmailFacts {
            role: Role::Assistant,
            ..facts(
                EmailKind::Invitation,
                Language::Pl,
                JoiningEffect::PersonalProCancelled,
            )
        });
        insta::assert_snapshot!(
            "pl_invitation_text",
            format!("Subject: {}\n\n{}", email.subject, email.text)
        );
        insta::assert_snapshot!("pl_invitation_html", email.html);
    }
}
