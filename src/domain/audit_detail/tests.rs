//! Every kind of detail with the sentence it was written as, its JSON,
//! and the kinds serde knows, so that none goes without a sample.

use chrono::{TimeZone, Utc};
use serde::de::{self, Visitor};

use super::AuditDetail as D;
use super::*;
use crate::domain::outbox::Undelivered;

fn on(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn email(address: &str) -> Email {
    Email::parse(address).unwrap()
}

fn card(brand: &str, last4: &str, expiry_month: u8, expiry_year: u16) -> PaymentMethod {
    PaymentMethod {
        brand: brand.into(),
        last4: last4.into(),
        expiry_month,
        expiry_year,
    }
}

/// Every kind of detail (some twice), with the sentence teamdesk wrote
/// for it when details were sentences.
pub(crate) fn samples() -> Vec<(AuditDetail, &'static str)> {
    [
        accounts_and_plans(),
        settings_and_billing(),
        invitations(),
        the_rest(),
    ]
    .concat()
}

/// Accounts, and the team's plan.
fn accounts_and_plans() -> Vec<(AuditDetail, &'static str)> {
    let since = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let plan = PersonalPlan::Pro {
        cycle: Cycle::Monthly,
        since,
    };
    vec![
        (
            D::Recorded("an entry from before".into()),
            "an entry from before",
        ),
        (D::AccountCreated { plan }, "plan pro (monthly)"),
        (D::SupportAccount, "support staff account"),
        (
            D::Key {
                fingerprint: "SHA256:b6Vns01T/RyERUjprb87+Dfr4xzeYDOYh0opD4zUkp4".into(),
            },
            "SHA256:b6Vns01T/RyERUjprb87+Dfr4xzeYDOYh0opD4zUkp4",
        ),
        (D::SignedUp, "signed up through an invitation"),
        (
            D::MovedToPro {
                cycle: Cycle::Monthly,
                card: card("mastercard", "5454", 1, 2029),
            },
            "moved to Pro (monthly), paid by mastercard ending 5454, expires 01/2029",
        ),
        (
            D::TeamCreated {
                cycle: Cycle::Monthly,
            },
            "Pro team created; monthly billing runs through the owner's account",
        ),
        (
            D::TrialStarted { until: on(3, 16) },
            "upgraded to Clinic: free trial until 16 Mar 2026",
        ),
        (
            D::UpgradedAfterTrial,
            "upgraded to Clinic (the free trial was used before)",
        ),
        (
            D::Downgraded { templates: 1 },
            "downgraded to Pro; session sharing off; 1 shared template(s) kept but hidden until the team is Clinic again",
        ),
        (
            D::TrialEndedOnPro { assistants: 2 },
            "the Clinic trial ended without a payment method on file: the team returned to Pro; shared templates are kept but hidden; 2 assistant(s) returned to the free plan",
        ),
        (
            D::TrialEndedOnClinic,
            "the Clinic trial ended; a payment method is on file, so the team stays on Clinic, billed at the Clinic rate from today",
        ),
    ]
}

/// The team's settings, owner and billing.
fn settings_and_billing() -> Vec<(AuditDetail, &'static str)> {
    let period = Period {
        start: on(4, 2),
        end: NaiveDate::from_ymd_opt(2027, 4, 2).unwrap(),
        cycle: Cycle::Yearly,
    };
    vec![
        (
            D::Renamed {
                from: "Bondi GP".into(),
            },
            "renamed from \"Bondi GP\"",
        ),
        (D::SessionSharing { on: true }, "session sharing on"),
        (D::SessionSharing { on: false }, "session sharing off"),
        (
            D::EmailLanguage {
                language: Language::Pl,
            },
            "invitation emails in pl",
        ),
        (
            D::OwnershipPassed {
                from: email("olivia@bondi.example"),
                to: email("tom@bondi.example"),
                to_name: "Tom Nguyen".into(),
            },
            "ownership passed from olivia@bondi.example to tom@bondi.example; payments now run through Tom Nguyen's account",
        ),
        (
            D::TeamDeleted {
                members: 3,
                invitations: 1,
                templates: 2,
            },
            "team deleted: 3 member(s) returned to free, 1 pending invitation(s) revoked, 2 template(s) deleted",
        ),
        (
            D::BillingUpdated {
                card: Some(card("visa", "4242", 12, 2030)),
                billing_email: Some(email("accounts@bondi.example")),
                cycle: Some(NextCycle {
                    cycle: Cycle::Yearly,
                    from: on(4, 2),
                }),
            },
            "payment method visa ending 4242, expires 12/2030; billing email accounts@bondi.example; billing cycle yearly from 2 Apr 2026",
        ),
        (
            D::BillingUpdated {
                card: None,
                billing_email: Some(email("accounts@bondi.example")),
                cycle: None,
            },
            "billing email accounts@bondi.example",
        ),
        (
            D::InvoiceIssued {
                period,
                total: 271_829,
                currency: "USD".into(),
                seats: 2,
                billed_to: "accounts@bondi.example".into(),
            },
            "invoice for 2 Apr 2026 to 1 Apr 2027: 2718.29 USD, 2 billed seat(s), billed to accounts@bondi.example",
        ),
    ]
}

/// Invitations and their links.
fn invitations() -> Vec<(AuditDetail, &'static str)> {
    vec![
        (
            D::Invited {
                role: Role::Member,
                until: on(4, 1),
            },
            "invited as member; link valid until 1 Apr 2026",
        ),
        (
            D::Resent {
                role: Role::Member,
                until: on(4, 1),
            },
            "new link sent; the previous link no longer works as member; link valid until 1 Apr 2026",
        ),
        (D::Revoked, "invitation revoked; its link no longer works"),
        (
            D::LinkRefused {
                code: DiagnosticCode::EmailMismatch,
                by: email("ana@bondi.example"),
                unlogged: 0,
            },
            "INV-EMAIL-MISMATCH: link opened by ana@bondi.example",
        ),
        (
            D::LinkRefused {
                code: DiagnosticCode::Expired,
                by: email("ana@bondi.example"),
                unlogged: 3,
            },
            "INV-EXPIRED: link opened by ana@bondi.example (3 more refused opening(s) of this link since the last entry)",
        ),
        (
            D::Joined {
                role: Role::Member,
                plan: FormerPlan::Pro {
                    cycle: Cycle::Yearly,
                    credit: 99_000,
                },
                on: on(3, 2),
            },
            "joined as member; personal Pro (yearly) subscription cancelled today; 990.00 credited to the person's own account; seat billed to the owner from 2 Mar 2026",
        ),
        (
            D::Joined {
                role: Role::Assistant,
                plan: FormerPlan::Free,
                on: on(3, 2),
            },
            "joined as assistant; free plan upgraded to Pro, covered by the team; assistant: no charge",
        ),
    ]
}

/// Emails, members and templates.
fn the_rest() -> Vec<(AuditDetail, &'static str)> {
    let (transport, reply) = ("file /srv/mail".to_owned(), "written to /srv/mail/1.eml");
    vec![
        (
            D::ReminderQueued { expires: on(4, 1) },
            "reminder queued: the link expires on 1 Apr 2026",
        ),
        (
            D::Email {
                email: MessageKind::Invitation,
                settled: Settled::Sent {
                    transport,
                    reply: reply.into(),
                },
            },
            "invitation email: file /srv/mail: written to /srv/mail/1.eml",
        ),
        (
            D::Email {
                email: MessageKind::Invitation,
                settled: Settled::Undelivered {
                    reason: Undelivered::Refused,
                    attempts: 1,
                    reply: "550 no such user".into(),
                },
            },
            "invitation email: the mail server refused it: 550 no such user",
        ),
        (
            D::Email {
                email: MessageKind::Reminder,
                settled: Settled::Undelivered {
                    reason: Undelivered::GaveUp,
                    attempts: 8,
                    reply: "421 busy".into(),
                },
            },
            "reminder email: gave up after 8 attempts; the last: 421 busy",
        ),
        (
            D::Email {
                email: MessageKind::Invitation,
                settled: Settled::Undelivered {
                    reason: Undelivered::KeyChanged,
                    attempts: 0,
                    reply: String::new(),
                },
            },
            "invitation email: its link can no longer be made (the install's link key changed after it was queued): resend the invitation",
        ),
        (
            D::Email {
                email: MessageKind::Invitation,
                settled: Settled::Undelivered {
                    reason: Undelivered::LinkExpired,
                    attempts: 0,
                    reply: String::new(),
                },
            },
            "invitation email: its link expired before it could be delivered: resend the invitation",
        ),
        (
            D::Removed {
                role: Role::Assistant,
            },
            "removed (assistant); back on the free plan; seat no longer billed",
        ),
        (
            D::Left,
            "left the team; back on the free plan; seat no longer billed",
        ),
        (
            D::RoleChanged {
                from: Role::Member,
                to: Role::TemplateManager,
            },
            "role member → template_manager",
        ),
        (D::TemplateAdded { bytes: 13 }, "version 1, 13 bytes"),
        (
            D::TemplateEdited {
                from: 1,
                to: 2,
                bytes: 17,
            },
            "version 1 → 2, 17 bytes",
        ),
        (D::TemplateDeleted { version: 1 }, "deleted at version 1"),
    ]
}

/// The names serde gives the variants of [`AuditDetail`]: every kind
/// there is, whatever is added later.
fn kinds() -> &'static [&'static str] {
    struct Kinds(Option<&'static [&'static str]>);
    impl<'de> de::Deserializer<'de> for &mut Kinds {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("an enum was expected"))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = Some(variants);
            Err(de::Error::custom("only the names were wanted"))
        }
        fn is_human_readable(&self) -> bool {
            false
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct identifier ignored_any
        }
    }
    let mut kinds = Kinds(None);
    assert!(AuditDetail::deserialize(&mut kinds).is_err());
    kinds.0.expect("serde names the variants")
}

/// The kind of a detail, as its JSON names it.
fn kind_of(detail: &AuditDetail) -> String {
    match serde_json::to_value(detail).unwrap() {
        serde_json::Value::String(kind) => kind,
        serde_json::Value::Object(tagged) => tagged.keys().next().unwrap().clone(),
        other => panic!("{other} names no kind"),
    }
}

#[test]
fn every_kind_of_detail_has_a_sample() {
    let sampled: Vec<String> = samples().iter().map(|(d, _)| kind_of(d)).collect();
    for kind in kinds() {
        assert!(sampled.iter().any(|s| s == kind), "{kind} has no sample");
    }
}

#[test]
fn each_detail_reads_in_english_as_the_sentence_written_before() {
    for (detail, sentence) in samples() {
        assert_eq!(detail.to_string(), sentence, "{detail:?}");
    }
}

#[test]
fn json_keeps_the_typed_detail_and_reads_a_sentence_as_recorded() {
    for (detail, sentence) in samples() {
        let json = serde_json::to_string(&detail).unwrap();
        let read: AuditDetail = serde_json::from_str(&json).unwrap();
        assert_eq!(read, detail, "{json}");
        // As an export written before details were typed has it.
        let old: AuditDetail = serde_json::to_string(sentence)
            .and_then(|json| serde_json::from_str(&json))
            .unwrap();
        assert_eq!(old, AuditDetail::Recorded(sentence.to_owned()));
    }
}
