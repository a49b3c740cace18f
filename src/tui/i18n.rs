//! Every piece of console text, one catalogue per language
//! (`assets/i18n/<lang>.toml`). Panels ask for text by [`T`] key, so a panel
//! never holds a literal string and a missing translation is a test failure.

use std::collections::HashMap;
use std::fmt;

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

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../assets/i18n/en.toml"),
            Lang::Pl => include_str!("../../assets/i18n/pl.toml"),
        }
    }
}

macro_rules! catalogue_keys {
    ($($key:ident),* $(,)?) => {
        /// A catalogue key. Its name is the key in the TOML files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn name(self) -> &'static str {
                match self { $(T::$key => stringify!($key)),* }
            }
        }
    };
}

catalogue_keys! {
    // frame
    AppName, HelpHint, Demo, DemoClock, TooSmall, Loading, LoadingMembers, NoTeam, SupportNoTeam,
    TrialDaysLeft, PlanPro, PlanClinic, RoleOwner, RoleAdmin, RoleTemplateManager, RoleMember,
    RoleAssistant, RoleSupport, RoleOutsider, ToastInfo, ToastWarn, ToastError, Shown, FilterLabel,
    SortLabel, Empty, KeymapConflict,
    // tabs
    TabMembers, TabInvitations, TabTemplates, TabBilling, TabActivity, TabTriage,
    // columns
    ColName, ColTemplateName, ColEmail, ColRole, ColJoined, ColStatus, ColSent, ColVersion,
    ColUpdated, ColSize, ColAt, ColActor, ColAction, ColTarget, ColDetails, ColTeam,
    // members
    SeatBilled, SeatFree, DetailRole, DetailJoined, DetailSeat, DetailBefore, BeforeProCancelled,
    BeforeFree, BeforeCreator, DaysAgo, Today, Days,
    // invitations
    StatusPending, StatusPendingToday, StatusExpired, StatusExpiredToday, StatusRevoked,
    StatusSuperseded, StatusAccepted, DetailExpires, DetailNextStep,
    NextWait, NextLeaveOther, NextSignInAs, NextResend, NextInviteAgain, NextTeamDeleted, NextUseNewer, NextNothing,
    NextLeft, NextAwaitDelivery, NextMailServerDown, NextCheckAddress, NextGaveUp, NextKeyChanged,
    NextUndelivered,
    // an invitation's timeline
    TimelineSent, TimelineResent, TimelineInvitationEmail, TimelineReminderEmail, TimelineQueued,
    TimelineDelivered, TimelineDeferred, TimelineBounced, TimelineNotRetried, TimelineGaveUp,
    TimelineAttempts, TimelineKeyChanged, TimelineLinkExpired, TimelineCancelled, TimelineRefused,
    TimelineRefusedOtherTeam, TimelineRefusalsNotKept, TimelineRevoked, TimelineSuperseded,
    TimelineAccepted, TimelineExpired, TimelineEarlier,
    // templates
    TemplateBy,
    // billing
    BillingPlan, BillingTrialRate, BillingCycle, BillingCycleNext, BillingOwner, BillingSeats,
    BillingSeatsValue, BillingSeatsBilled, BillingAssistants, BillingSeatPrice, BillingPerCycle,
    PerMonth, PerYear, BillingPeriod, BillingPeriodValue, BillingNext, BillingNextValue,
    BillingCredit, BillingCreditValue, BillingNoCredit, BillingCard, BillingNoCard, BillingEmail,
    BillingEmailOwner, BillingLargeTeam, BillingSessionSharing, CardOnFile, BillingEmailLanguage, LanguageEn, LanguagePl, On, Off, CycleMonthly, CycleYearly,
    BillingInvoices, BillingShowInvoices, InvoiceNext, InvoiceIssued, InvoiceNextTitle, InvoiceIssuedTitle, InvoiceFor, InvoiceTotal,
    InvoiceMore, LineSeat, LineAssistant, LineJoined, LineLeft, LinePriceChanged, LineCreditApplied,
    LineCreditCarried, ChartTotals, ChartNoInvoices, ChartSeats, ChartSeatsValue,
    // cost previews
    CostLabel, CostAsking, CostSeats, CostSeatsLine, CostPriceLine, CostCharge, CostCredit, CostNone,
    CostJoining, UpgradeTrial, UpgradeNow,
    // billing edits and a person's own plan
    CardTitle, GoProTitle, CardNote, GoProNote, GoProCardOnFile, CardBrand, CardLast4, CardExpiry,
    CardNumberRefused, CardExpiryFormat, CardMissing, PromptBillingEmail, ConfirmCycleTitle,
    ConfirmCycleBody, ConfirmCycleKeepTitle, ConfirmCycleKeepBody, PlanFree, PersonalTitle,
    PersonalCreditValue, PersonalGoPro, NotInTeam, TrialEndedPro, TrialEndedClinic,
    // triage
    TriagePrompt, TriageNoResults, // dialogs
    DialogInviteTitle, DialogInviteAddresses, DialogInviteRole, AssistantFree,
    DialogRoleTitle, ConfirmRemoveTitle, ConfirmRemoveBody,
    ConfirmRevokeTitle, ConfirmRevokeBody, ConfirmResendExpiredTitle, ConfirmResendExpiredBody, NoneExpired, ConfirmLeaveTitle, ConfirmLeaveBody, ConfirmTransferTitle, ConfirmTransferBody,
    ConfirmDeleteTemplateTitle, ConfirmDeleteTemplateBody, ConfirmDeleteTeamTitle,
    ConfirmDeleteTeamBody, ConfirmDeleteTeamType, ConfirmUpgradeTitle, ConfirmUpgradeBody,
    ConfirmDowngradeTitle, ConfirmDowngradeBody, PromptRenameTeam, PromptTemplateName,
    PromptCopyName, EditorTitle, EditorConflict, EditorDiscard, HelpMore, ViewerTitle, PickerTitle,
    SwitcherTitle, HelpTitle, HelpContext, HelpGlobal, HelpForms, HelpConfirm,
    // outcomes
    DoneInvited, DoneInviteRefused, DoneResent, DoneResentExpired, DoneRevoked, DoneRemoved,
    DoneRole, DoneLeft, DoneTeamDeleted, DoneTeamChanged, DoneAndCost, DoneTrialStarted,
    DoneUpgraded, DoneDowngraded, DoneRenamed, DoneSharing, DoneLanguage, DoneOwner, DoneCard,
    DoneBillingEmail, DoneCycle, DoneCycleKept, DoneGoPro, DoneTemplateSaved,
    DoneTemplateDeleted,
    DoneClock, DoneSwitched, Refused,
    // key actions
    KeyQuit, KeyHelp, KeyNextTab, KeyPrevTab, KeyTab1, KeyTab2, KeyTab3, KeyTab4, KeyTab5, KeyTab6,
    KeyFilter, KeySort, KeyUp, KeyDown, KeyPageUp, KeyPageDown, KeyTop, KeyBottom, KeyDetails,
    KeyBack, KeySwitchPerson, KeyClockDay, KeyClockWeek, KeyDismiss, KeyInvite, KeyChangeRole, KeyRemove,
    KeyMakeOwner, KeyLeave, KeyResend, KeyResendExpired, KeyRevoke, KeyNewTemplate, KeyEditTemplate,
    KeyDeleteTemplate, KeyViewTemplate, KeyCopyTemplate, KeyUpgrade, KeyDowngrade, KeyRename,
    KeySessionSharing, KeyEmailLanguage, KeyDeleteTeam, KeyEditCard, KeyBillingEmail, KeyChangeCycle, KeyGoPro,
    KeyOpenTeam, KeySubmit, KeyCancel, KeyNextField, KeyPrevField, KeySave,
    KeyYes, KeyNo, KeyUndo, KeyRedo, KeyWordLeft, KeyWordRight, KeyDeleteWord, KeyClearToStart,
    KeyClearToEnd, HelpText, TooLongChars, TooLongBytes, TooLongAddresses,
}

/// One language's catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    lang: Lang,
    texts: HashMap<String, String>,
}

impl Catalogue {
    /// The catalogue of `lang`, from the shipped TOML file.
    pub fn load(lang: Lang) -> Result<Self, String> {
        let texts: HashMap<String, String> = toml::from_str(lang.source()).map_err(|e| {
            format!(
                "the {} catalogue is not valid: {}",
                lang.code(),
                e.message()
            )
        })?;
        Ok(Self { lang, texts })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Keys of [`T`] this catalogue lacks, and keys it has that [`T`] does not know.
    pub fn gaps(&self) -> (Vec<&'static str>, Vec<String>) {
        let missing = T::ALL
            .iter()
            .map(|key| key.name())
            .filter(|name| !self.texts.contains_key(*name))
            .collect();
        let mut unknown: Vec<String> = self
            .texts
            .keys()
            .filter(|name| !T::ALL.iter().any(|key| key.name() == name.as_str()))
            .cloned()
            .collect();
        unknown.sort();
        (missing, unknown)
    }

    /// The text of a key; a missing key shows as its name so it is noticed.
    pub fn get(&self, key: T) -> &str {
        self.texts
            .get(key.name())
            .map_or(key.name(), String::as_str)
    }

    /// The text of a key with `{name}` placeholders filled in.
    pub fn fill(&self, key: T, values: &[(&str, &dyn fmt::Display)]) -> String {
        let mut text = self.get(key).to_owned();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }

    /// "1 day" / "3 days" / "1 dzień" / "3 dni".
    pub fn days(&self, count: i64) -> String {
        self.plural(T::Days, count)
    }

    /// The form of `key` for `count`, with `{n}` filled in. The catalogue
    /// holds the forms separated by bars: `one|other` in English,
    /// `one|few|many` in Polish (2–4 take "few" except 12–14); a catalogue
    /// with fewer forms uses its last.
    pub fn plural(&self, key: T, count: i64) -> String {
        let forms: Vec<&str> = self.get(key).split('|').collect();
        let n = count.unsigned_abs();
        let index = match self.lang {
            Lang::En => usize::from(n != 1),
            Lang::Pl if n == 1 => 0,
            Lang::Pl if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => 1,
            Lang::Pl => 2,
        };
        forms[index.min(forms.len() - 1)].replace("{n}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_translated_in_every_language() {
        for lang in Lang::ALL {
            let catalogue = Catalogue::load(lang).unwrap();
            let (missing, unknown) = catalogue.gaps();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                unknown.is_empty(),
                "{} has unknown keys {unknown:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn locales_choose_a_language() {
        assert_eq!(Lang::parse("pl_PL.UTF-8"), Some(Lang::Pl));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), None);
    }

    #[test]
    fn placeholders_and_plurals_are_filled() {
        let en = Catalogue::load(Lang::En).unwrap();
        assert_eq!(en.days(1), "1 day");
        assert_eq!(en.days(3), "3 days");
        let pl = Catalogue::load(Lang::Pl).unwrap();
        assert_eq!(pl.days(1), "1 dzień");
        assert_eq!(pl.days(5), "5 dni");
    }

    #[test]
    fn polish_counts_take_one_few_or_many() {
        let pl = Catalogue::load(Lang::Pl).unwrap();
        let billed = |n| pl.plural(T::BillingSeatsBilled, n);
        assert_eq!(billed(1), "1 płatne");
        assert_eq!(billed(3), "3 płatne");
        assert_eq!(billed(5), "5 płatnych");
        assert_eq!(billed(12), "12 płatnych");
        assert_eq!(billed(22), "22 płatne");
        assert_eq!(billed(-1), "1 płatne", "the sign is the caller's");
        let en = Catalogue::load(Lang::En).unwrap();
        assert_eq!(en.plural(T::BillingAssistants, 1), "1 assistant (free)");
        assert_eq!(en.plural(T::BillingAssistants, 0), "0 assistants (free)");
    }
}
