# Teksty konsoli teamdesk po polsku. Wstawki: { $name }; liczby wybierają
# formę: { $n -> [one] … [few] … *[many] … } (1; 2–4, 22–24…; reszta).

## ramka
app-name = teamdesk
help-hint = pomoc
demo = DEMO
demo-clock = { $date }
too-small = terminal za mały (potrzeba { $width }×{ $height })
loading = wczytywanie…
loading-members = wczytywanie zespołu…
no-team = poza zespołem
support-no-team = Wyszukaj adres w zakładce Zgłoszenia, wybierz zaproszenie i naciśnij { $key }, aby otworzyć jego zespół.
trial-days-left = okres próbny: { $days }
plan-pro = Profesjonalny
plan-clinic = Przychodnia
role-owner = właściciel
role-admin = administrator
role-template-manager = menedżer szablonów
role-member = członek
role-assistant = asystent
role-support = wsparcie
role-outsider = spoza zespołu
toast-info = informacja
toast-warn = uwaga
toast-error = błąd
shown = widoczne { $shown } z { $total }
activity-entries =
    { $n ->
        [one] { $n } wpis dziennika
        [few] { $n } wpisy dziennika
       *[many] { $n } wpisów dziennika
    }
filter-label = filtr:
sort-label = sortowanie: { $column }
empty = na razie nic tu nie ma
no-match = brak wyników dla „{ $filter }”
keymap-conflict = klawisze: { $warning }

## zakładki
tab-members = Członkowie
tab-invitations = Zaproszenia
tab-templates = Szablony
tab-billing = Płatności
tab-activity = Aktywność
tab-triage = Zgłoszenia

## kolumny
col-name = Imię i nazwisko
col-template-name = Szablon
col-email = E-mail
col-role = Rola
col-status = Stan
col-version = Wersja
col-updated = Zmieniono
col-size = Rozmiar
col-at = Kiedy
col-actor = Osoba
col-action = Czynność
col-target = Dotyczy
col-details = Szczegóły
col-team = Zespół
audit-action = { $action ->
    [account-create] nowe konto
    [team-create] nowy zespół
    [team-upgrade] wyższy plan
    [team-downgrade] niższy plan
    [team-trial_end] koniec okresu próbnego
    [team-rename] nowa nazwa zespołu
    [team-session_sharing] udostępnianie sesji
    [team-transfer] przekazanie własności
    [team-delete] usunięcie zespołu
    [billing-update] zmiana płatności
    [invite-add] zaproszenie
    [invite-resend] ponowne zaproszenie
    [invite-revoke] cofnięcie zaproszenia
    [invite-accept] dołączenie
    [invite-refused] odmowa linku
    [member-remove] usunięcie członka
    [member-leave] odejście
    [member-role] zmiana roli
    [template-add] nowy szablon
    [template-edit] edycja szablonu
    [template-remove] usunięcie szablonu
    [account-upgrade] przejście na Pro
    [account-key_add] dodanie klucza SSH
    [account-key_remove] usunięcie klucza SSH
    [invoice-issue] wystawienie faktury
    [invite-delivered] e-mail doręczony
    [invite-undelivered] e-mail niedoręczony
    [invite-reminder] przypomnienie
    [team-language] język e-maili
   *[other] { $action }
}

## członkowie
seat-billed = płatne miejsce
seat-free = bezpłatne
detail-role = Rola
detail-joined = Dołączył(a)
detail-seat = Miejsce
detail-before = Wcześniej
before-pro-cancelled = Profesjonalny ({ $cycle }), anulowany przy dołączeniu
before-free = Darmowy, zespół uaktualnił do Profesjonalnego
before-creator = założył(a) zespół; jego/jej plan stał się planem zespołu
days-ago = { $days } temu
today = dziś
days =
    { $n ->
        [one] { $n } dzień
       *[many] { $n } dni
    }

## zaproszenia
status-pending = oczekuje · wygasa za { $days }
status-pending-today = oczekuje · wygasa dziś
status-expired = wygasło { $days } temu
status-expired-today = wygasło dziś
status-revoked = cofnięte { $date } przez { $name }
status-superseded = zastąpione { $date }
status-accepted = przyjęte { $date }
detail-expires = Wygasa
detail-next-step = Dalej
next-wait = poczekaj na przyjęcie (link ważny jeszcze { $days }); wyślij ponownie, jeśli e-mail nie dotarł
next-leave-other = najpierw musi opuścić zespół "{ $team }" (albo poprosić jego administratora o usunięcie)
next-sign-in-as = otwarte jako { $signed_in_as }: zaloguj się jako { $email } albo zaproś { $signed_in_as }
next-resend = wyślij zaproszenie ponownie
next-invite-again = zaproś adres ponownie, jeśli ma dołączyć
next-team-deleted = nic do zrobienia: zespół został usunięty
next-use-newer = działa tylko nowsze zaproszenie
next-nothing = nic do zrobienia: jest w zespole
next-left = dołączył(a) i odszedł/odeszła: zaproś ponownie, aby wrócił(a)
next-await-delivery = w kolejce od { $since }: jeszcze bez próby wysłania, wyjdzie przy najbliższej wysyłce
next-mail-server-down = w kolejce: serwer poczty jest nieosiągalny od { $since }, kolejne próby trwają (następna { $next }; ostatnia odpowiedź: { $reply })
next-check-address = serwer poczty odrzucił adres: { $reply } — sprawdź pisownię i zaproś właściwy adres
next-gave-up = zaniechano wysyłki po { $attempts } (ostatnia odpowiedź: { $reply }) — gdy serwer poczty będzie osiągalny, wyślij ponownie
next-key-changed = e-mail nie został wysłany: klucz linków zmienił się po dodaniu do kolejki — wyślij ponownie
next-undelivered = link wygasł, zanim e-mail został dostarczony — wyślij ponownie

## historia zaproszenia
timeline-sent = wysłane przez { $name }
timeline-resent = wysłane ponownie przez { $name } w miejsce wcześniejszego linku
timeline-invitation-email = e-mail z zaproszeniem
timeline-reminder-email = przypomnienie
timeline-queued = { $email }: w kolejce
timeline-delivered = { $email }: dostarczono ({ $transport }): { $reply }
timeline-deferred = { $email }: jeszcze nie dostarczono ({ $transport }): { $reply }
timeline-bounced = { $email }: serwer poczty odmówił ({ $transport }): { $reply }
timeline-not-retried = { $email }: nie do wysłania, bez kolejnych prób
timeline-gave-up = { $email }: zaniechano po { $attempts }
timeline-attempts =
    { $n ->
        [one] { $n } próbie
        [few] { $n } próbach
       *[many] { $n } próbach
    }
timeline-key-changed = { $email }: nie wysłano — klucz linków zmienił się po dodaniu do kolejki
timeline-link-expired = { $email }: nie wysłano — link wcześniej wygasł
timeline-cancelled = { $email }: nie wysłano — zaproszenie wcześniej zamknięto
timeline-refused = link odrzucony: { $code } (otworzył(a) { $email })
timeline-refused-other-team = link odrzucony: { $code } (otworzył(a) { $email }, członek zespołu "{ $team }")
timeline-refusals-not-kept =
    { $n ->
        [one] { $n } wcześniejsza odmowa nie jest już przechowywana
        [few] { $n } wcześniejsze odmowy nie są już przechowywane
       *[many] { $n } wcześniejszych odmów nie jest już przechowywanych
    }
timeline-revoked = cofnięte przez { $name }
timeline-superseded = zastąpione: nowszy link wysłał(a) { $name }
timeline-accepted = przyjęte przez { $name }
timeline-expired = wygasło nieużyte
timeline-earlier =
    { $n ->
        [one] ⋯ pominięto { $n } wcześniejsze zdarzenie
        [few] ⋯ pominięto { $n } wcześniejsze zdarzenia
       *[many] ⋯ pominięto { $n } wcześniejszych zdarzeń
    }

## szablony
template-by = { $date }, { $name }

## płatności
billing-plan = Plan
billing-trial-rate = w cenie planu Profesjonalnego
billing-cycle = Cykl rozliczeń
billing-cycle-next = { $cycle }, { $next } od { $date }
billing-owner = Płaci
billing-seats = Miejsca
billing-seats-value = { $billed } · { $assistants }
billing-seats-billed =
    { $n ->
        [one] { $n } płatne miejsce
        [few] { $n } płatne miejsca
       *[many] { $n } płatnych miejsc
    }
billing-assistants =
    { $n ->
        [one] { $n } asystent (bezpłatnie)
        [few] { $n } asystentów (bezpłatnie)
       *[many] { $n } asystentów (bezpłatnie)
    }
billing-seat-price = Cena miejsca
billing-per-cycle = { $price } za { $per }
per-month = miesiąc
per-year = rok
billing-period = Okres
billing-period-value = { $start } – { $end }
billing-next = Następna faktura
billing-next-value = { $amount }, { $date }
billing-credit = Do odliczenia
billing-credit-value = { $amount }, z następnej faktury
billing-no-credit = brak
billing-card = Karta
billing-no-card = brak karty
billing-email = E-mail do faktur
billing-email-owner = { $email } (właściciela)
billing-large-team = Duży zespół: skontaktuj się z działem sprzedaży w sprawie cen hurtowych.
billing-session-sharing = Udostępnianie sesji
billing-email-language = Język zaproszeń
card-on-file = { $brand }, końcówka { $last4 }, ważna do { $expiry }
language-en = angielski
language-pl = polski
on = włączone
off = wyłączone
cycle-monthly = miesięczny
cycle-yearly = roczny
billing-invoices = Faktury
billing-show-invoices = faktury
invoice-next = następna · podgląd
invoice-issued = wystawiona
invoice-next-title = Następna faktura (podgląd)
invoice-issued-title = Faktura z dnia { $date }
invoice-for = { $period } · dla { $email }
invoice-total = Razem
invoice-more = { $key } więcej
line-seat = { $name } · { $role }
line-assistant = { $name } · { $role }, bezpłatnie
line-joined = { $name }: dołączenie { $date } ({ $days }/{ $of } dni)
line-left = { $name }: odejście { $date }, { $days }/{ $of } dni do odliczenia
line-price-changed = { $name }: nowa cena miejsca od { $date } ({ $days }/{ $of } dni)
line-credit-applied = odliczenie z wcześniejszych faktur
line-credit-carried = odliczenie przeniesione na następną fakturę
chart-totals = Kwoty faktur ({ $currency })
chart-no-invoices = nie wystawiono jeszcze faktur
chart-seats = Płatne miejsca w tym okresie
chart-seats-value = dziś { $today } · najmniej { $low } · najwięcej { $high } · od { $start }

## podgląd kosztów
cost-label = Koszt
cost-asking = obliczanie kosztu…
cost-seats =
    { $n ->
        [one] { $n } płatne miejsce
        [few] { $n } płatne miejsca
       *[many] { $n } płatnych miejsc
    }
cost-seats-line = { $seats } po { $price }: { $change }, proporcjonalnie
cost-price-line = nowa cena miejsc: { $change }, proporcjonalnie
cost-charge = { $amount } na fakturze z { $date }
cost-credit = odliczenie { $amount } na fakturze z { $date }
cost-none = bez zmian na fakturze z { $date }
cost-joining = { $cost }, jeśli dołączą dziś
upgrade-trial = Dziś zaczyna się 14-dniowy bezpłatny okres próbny planu Przychodnia, w cenie planu Profesjonalnego. Po jego końcu zespół zostaje w planie Przychodnia, jeśli ma kartę; bez karty wraca do planu Profesjonalnego, a asystenci wracają do planu Darmowego.
upgrade-now = Zespół miał już okres próbny: od dziś miejsca są rozliczane według stawki planu Przychodnia.

## zmiany płatności i własny plan
card-title = Karta zespołu { $team }
go-pro-title = Przejście na plan Profesjonalny
card-note = Zapisywane są tylko marka, 4 ostatnie cyfry i data ważności: nigdy nie wpisuj pełnego numeru karty.
go-pro-note = Płacisz za siebie, własną kartą.
go-pro-card-on-file = Zostaw kartę pustą, aby płacić kartą zapisaną: { $card }.
card-brand = Marka
card-last4 = 4 ostatnie cyfry
card-expiry = Ważna do (MM/RRRR)
card-number-refused = To wygląda na pełny numer karty: teamdesk nigdy go nie przyjmuje, więc został usunięty. Wpisz tylko 4 ostatnie cyfry.
card-expiry-format = Data ważności to miesiąc i rok, np. 09/2028.
card-missing = Podaj markę karty, 4 ostatnie cyfry i datę ważności.
prompt-billing-email = E-mail do faktur (na ten adres trafiają faktury)
confirm-cycle-title = Zmienić cykl rozliczeń na { $cycle }?
confirm-cycle-body = Od faktury z { $date } cykl rozliczeń to: { $cycle }; bieżący okres pozostaje bez zmian ({ $current }).
confirm-cycle-keep-title = Zachować cykl { $cycle }?
confirm-cycle-keep-body = Zmiana na cykl { $other } od { $date } zostaje odwołana.
plan-free = Darmowy
personal-title = Twój plan
personal-credit-value = { $amount }, na Twoim koncie
personal-go-pro = Plan Profesjonalny bez zespołu, płatny własną kartą: { $key }. Albo poproś administratora zespołu o zaproszenie: wtedy płaci zespół.
not-in-team = Nie należysz do zespołu. Administrator zespołu może Cię zaprosić; w zakładce Płatności możesz samodzielnie przejść na plan Profesjonalny.
trial-ended-pro = Okres próbny planu Przychodnia skończył się { $date } bez zapisanej karty: zespół wrócił do planu Profesjonalnego, a asystenci do planu Darmowego.
trial-ended-clinic = Okres próbny planu Przychodnia skończył się { $date }: dzięki zapisanej karcie zespół zostaje w planie Przychodnia, w jego cenie.

## zgłoszenia
triage-prompt = szukaj:
triage-no-results = brak zaproszeń dla tego adresu

## okna
dialog-invite-title = Zaproś do: { $team }
dialog-invite-addresses = Adresy (po jednym w wierszu albo wklej listę)
dialog-invite-role = Rola
assistant-free = asystenci są bezpłatni, tylko w planie Przychodnia
dialog-role-title = Rola: { $name }
confirm-remove-title = Usunąć { $name }?
confirm-remove-body = { $name } wraca dziś do planu Darmowego, a jego/jej miejsce przestaje być płatne.
confirm-revoke-title = Cofnąć zaproszenie dla { $email }?
confirm-revoke-body = Link wysłany na { $email } przestanie działać. Adres można później zaprosić ponownie.
confirm-resend-expired-title =
    { $n ->
        [one] Wysłać ponownie wygasłe zaproszenie?
        [few] Wysłać ponownie { $n } wygasłe zaproszenia?
       *[many] Wysłać ponownie { $n } wygasłych zaproszeń?
    }
confirm-resend-expired-body = Każde dostanie nowy link, ważny 30 dni, w nowym e-mailu; stare linki pozostaną nieważne.
none-expired = Żadne zaproszenie nie wygasło.
confirm-leave-title = Opuścić zespół?
confirm-leave-body = Opuszczasz { $team } i wracasz dziś do planu Darmowego.
confirm-transfer-title = Przekazać własność: { $name }?
confirm-transfer-body = { $name } zostaje właścicielem i wszystkie płatności zespołu przechodzą na jego/jej konto. Pozostajesz administratorem.
confirm-delete-template-title = Usunąć szablon { $name }?
confirm-delete-template-body = { $name } zostanie usunięty dla całego zespołu.
confirm-delete-team-title = Usunąć { $team }?
confirm-delete-team-body = Wszyscy wracają do planu Darmowego, oczekujące zaproszenia zostają cofnięte, a szablony usunięte.
confirm-delete-team-type = Wpisz nazwę zespołu, aby potwierdzić: { $team }
confirm-delete-team-wrong = To nie jest nazwa zespołu: wpisz ją dokładnie tak jak wyżej.
confirm-upgrade-title = Przejść na plan Przychodnia?
confirm-upgrade-body = { $team } zyska wspólne szablony, bezpłatnych asystentów i udostępnianie sesji.
confirm-downgrade-title = Wrócić do planu Profesjonalnego?
confirm-downgrade-body = { $team } zachowa jedną fakturę, ale straci narzędzia współpracy: szablony zostaną ukryte, udostępnianie sesji wyłączone.
prompt-rename-team = Zmień nazwę zespołu
prompt-template-name = Nazwa szablonu
template-name-taken = Szablon o nazwie „{ $name }” już istnieje: wybierz inną nazwę.
prompt-copy-name = { $name } (kopia)
editor-title = Szablon
editor-conflict = Ktoś inny zapisał wersję { $version } ({ $name }) w trakcie Twojej edycji. Twój tekst jest tutaj: zapisz ponownie, aby zastąpić tamtą wersję, albo Esc, aby porzucić swój.
editor-discard = Niezapisane zmiany: Esc ponownie je porzuca, Ctrl-s zapisuje.
help-more = ↓ więcej
viewer-title = { $name } · wersja { $version }
picker-title = Działaj jako
switcher-title = Zmień osobę
help-title = Klawisze
messages-title = Komunikaty, najnowsze najpierw
messages-none = Na razie brak komunikatów.
help-context = { $context }
help-global = Wszędzie
help-forms = Formularze
help-confirm = Potwierdzenia

## wyniki
done-invited = zaproszono: { $count }
done-invite-refused = { $email }: { $reason }
done-resent = wysłano nowy link na { $email }
done-resent-expired =
    { $n ->
        [one] wysłano nowy link do { $n } wygasłego zaproszenia
        [few] wysłano nowe linki do { $n } wygasłych zaproszeń
       *[many] wysłano nowe linki do { $n } wygasłych zaproszeń
    }
done-revoked = cofnięto zaproszenie dla { $email }
done-removed = usunięto { $email }
done-role = { $name }: teraz { $role }
done-left = opuszczono zespół
done-team-deleted = usunięto { $team }
done-team-changed = zapisano
done-and-cost = { $done }: { $change }
done-trial-started = rozpoczęto okres próbny planu Przychodnia: { $days }, w cenie planu Profesjonalnego
done-upgraded = { $team } ma teraz plan Przychodnia
done-downgraded = { $team } wraca do planu Profesjonalnego
done-renamed = zespół nazywa się teraz { $team }
done-sharing = udostępnianie sesji: { $state }
done-language = język zaproszeń: { $language }
done-owner = { $name } jest teraz właścicielem zespołu
done-card = zapisana karta: { $card }
done-billing-email = faktury trafiają na { $email }
done-cycle = cykl rozliczeń od { $date }: { $cycle }
done-cycle-kept = cykl rozliczeń bez zmian: { $cycle }
done-go-pro = masz teraz plan Profesjonalny ({ $cycle }), płatny kartą { $card }
done-template-saved = zapisano { $name } (wersja { $version })
done-template-deleted = usunięto { $name }
done-clock = zegar wskazuje teraz { $date }
done-switched = działasz teraz jako { $email }
refused = niedostępne dla Ciebie: { $action }

## klawisze (stopka i pomoc)
key-quit = wyjdź
key-help = pomoc
tab-closed = { $tab ->
    [members] Tylko członkowie zespołu i wsparcie mogą przeglądać zespół i jego członków.
    [invitations] Tylko administratorzy zespołu i wsparcie mogą przeglądać zaproszenia.
    [templates] Tylko członkowie zespołu mogą przeglądać i używać szablonów zespołu.
    [billing] Tylko administratorzy zespołu mogą przeglądać płatności.
   *[activity] Tylko administratorzy zespołu i wsparcie mogą czytać dziennik zmian.
}
demo-part = { $part ->
    [owner] właściciel
    [admin] administrator
    [template-manager] menedżer szablonów
    [member] członek
    [assistant] asystent
    [support] wsparcie
    [pro-team-owner] właściciel zespołu Pro
   *[other] { $part }
}
key-messages = komunikaty
key-next-tab = następna zakładka
key-prev-tab = poprzednia zakładka
key-tab1 = zakładka 1
key-tab2 = zakładka 2
key-tab3 = zakładka 3
key-tab4 = zakładka 4
key-tab5 = zakładka 5
key-tab6 = zakładka 6
key-filter = filtruj
key-sort = sortuj
key-up = w górę
key-down = w dół
key-page-up = strona w górę
key-page-down = strona w dół
key-top = pierwszy
key-bottom = ostatni
key-details = szczegóły
key-back = wstecz
key-switch-person = zmień osobę
key-clock-day = +1 dzień
key-clock-week = +1 tydzień
key-dismiss = ukryj
key-invite = zaproś
key-change-role = rola
key-remove = usuń
key-make-owner = przekaż własność
key-leave = opuść
key-resend = wyślij ponownie
key-resend-expired = wyślij wygasłe
key-revoke = cofnij
key-new-template = nowy
key-edit-template = edytuj
key-delete-template = usuń
key-view-template = pokaż
key-copy-template = kopiuj
key-upgrade = podnieś plan
key-downgrade = obniż plan
key-rename = zmień nazwę
key-session-sharing = udostępnianie sesji
key-email-language = język zaproszeń
key-delete-team = usuń zespół
key-edit-card = karta
key-billing-email = e-mail do faktur
key-change-cycle = cykl
key-go-pro = przejdź na Pro
key-open-team = otwórz zespół
key-submit = zatwierdź
key-cancel = zamknij
key-next-field = następne pole
key-prev-field = poprzednie pole
key-save = zapisz
key-yes = tak
key-no = nie

## pola tekstowe
key-undo = cofnij
key-redo = ponów
key-word-left = słowo w lewo
key-word-right = słowo w prawo
key-delete-word = usuń słowo
key-clear-to-start = wyczyść do początku
key-clear-to-end = wyczyść do końca
# The command palette
key-palette = polecenia
palette-title = Polecenia
palette-prompt = Szukaj:
help-text = Pola tekstowe
too-long-chars =
    Za długie: to pole mieści najwyżej { $most ->
        [one] { $most } znak
        [few] { $most } znaki
       *[many] { $most } znaków
    }. Nic nie dodano.
too-long-bytes = Za długie: to pole mieści najwyżej { $kib } KiB. Nic nie dodano.
too-long-addresses = Za długie: adres ma najwyżej { $each } znaków, a lista najwyżej { $kib } KiB. Nic nie dodano.

## listy: ich kolejność, zaznaczone zaproszenia i działania na nich naraz
order-newest = najnowsze najpierw
order-oldest = najstarsze najpierw
key-reverse-sort = odwróć
key-mark = zaznacz
marked =
    { $n ->
        [one] { $n } zaznaczone
        [few] { $n } zaznaczone
       *[many] { $n } zaznaczonych
    } · { $key } czyści
confirm-bulk-resend-title =
    { $n ->
        [one] Wysłać ponownie zaznaczone zaproszenie?
        [few] Wysłać ponownie { $n } zaznaczone zaproszenia?
       *[many] Wysłać ponownie { $n } zaznaczonych zaproszeń?
    }
confirm-bulk-resend-body = Każde dostanie nowy link, ważny 30 dni, w nowym e-mailu; poprzedni link przestanie działać.
confirm-bulk-revoke-title =
    { $n ->
        [one] Cofnąć zaznaczone zaproszenie?
        [few] Cofnąć { $n } zaznaczone zaproszenia?
       *[many] Cofnąć { $n } zaznaczonych zaproszeń?
    }
confirm-bulk-revoke-body = Ich linki przestaną działać. Adresy można później zaprosić ponownie.
bulk-and-more = i jeszcze { $n }
bulk-left =
    { $n ->
        [one] Bez zmian zostaje jedno:
        [few] Bez zmian zostają { $n }:
       *[many] Bez zmian zostaje { $n }:
    }
not-open-accepted = { $email }: zaproszenie przyjęte { $date }, nie ma linku do ponownego wysłania ani cofnięcia
not-open-revoked = { $email }: zaproszenie cofnięte { $date }, zamiast tego zaproś ten adres ponownie
not-open-superseded = { $email }: zaproszenie zastąpione nowszym linkiem { $date }, działaj na nowszym

## linki zaproszeń, pokazywane tylko temu, kto je utworzył
link-title =
    { $n ->
        [one] Nowy link zaproszenia
        [few] { $n } nowe linki zaproszeń
       *[many] { $n } nowych linków zaproszeń
    }
link-for = { $email } · ważny do { $date }
link-note = Widoczny tylko tutaj i tylko teraz: konsola nie zachowuje kopii.
link-copied = link dla { $email } wysłano do schowka terminala
key-copy-link = kopiuj link
help-link = Linki zaproszeń

## co się stało według dziennika (szczegóły w zakładce Aktywność)
audit-account-created = plan { $plan }
audit-key = klucz SSH { $fingerprint }
audit-support-account = konto pracownika wsparcia
audit-signed-up = konto założone przez zaproszenie
audit-moved-to-pro = przejście na plan Profesjonalny ({ $cycle }), płatny kartą { $card }
audit-team-created = utworzono zespół w planie Profesjonalnym; cykl rozliczeń: { $cycle }; płatności idą przez konto właściciela
audit-trial-started = przejście na plan Przychodnia: bezpłatny okres próbny do { $date }
audit-upgraded = przejście na plan Przychodnia (okres próbny był już wykorzystany)
audit-downgraded = powrót do planu Profesjonalnego; udostępnianie sesji wyłączone; zachowano i ukryto { $templates } do czasu powrotu planu Przychodnia
audit-templates-hidden =
    { $n ->
        [one] { $n } wspólny szablon
        [few] { $n } wspólne szablony
       *[many] { $n } wspólnych szablonów
    }
audit-trial-ended-pro = okres próbny planu Przychodnia skończył się bez zapisanej karty: zespół wrócił do planu Profesjonalnego; wspólne szablony zachowano, ale są ukryte; { $assistants }
audit-assistants-released =
    { $n ->
        [one] { $n } asystent wrócił do planu Darmowego
        [few] { $n } asystentów wróciło do planu Darmowego
       *[many] { $n } asystentów wróciło do planu Darmowego
    }
audit-trial-ended-clinic = okres próbny planu Przychodnia skończył się; karta jest zapisana, więc zespół zostaje w planie Przychodnia, rozliczany według jego stawki od tego dnia
audit-renamed = poprzednia nazwa: „{ $name }”
audit-session-sharing = udostępnianie sesji: { $state }
audit-email-language = język e-maili z zaproszeniami: { $language }
audit-ownership-passed = własność przeszła z { $from } na { $to }; płatności idą teraz przez konto: { $name }
audit-team-deleted = zespół usunięty: { $members }, { $invitations }, { $templates }
audit-members-released =
    { $n ->
        [one] { $n } członek wrócił do planu Darmowego
        [few] { $n } członków wróciło do planu Darmowego
       *[many] { $n } członków wróciło do planu Darmowego
    }
audit-invitations-revoked =
    { $n ->
        [one] cofnięto { $n } oczekujące zaproszenie
        [few] cofnięto { $n } oczekujące zaproszenia
       *[many] cofnięto { $n } oczekujących zaproszeń
    }
audit-templates-deleted =
    { $n ->
        [one] usunięto { $n } szablon
        [few] usunięto { $n } szablony
       *[many] usunięto { $n } szablonów
    }
audit-billing-card = karta: { $card }
audit-billing-email = e-mail do faktur: { $email }
audit-billing-cycle = cykl rozliczeń od { $date }: { $cycle }
audit-invoice-issued = faktura za { $period }: { $total }, { $seats }, dla { $email }
audit-invited = zaproszenie jako { $role }; link ważny do { $date }
audit-resent = nowy link jako { $role }; poprzedni link już nie działa; nowy jest ważny do { $date }
audit-revoked = zaproszenie cofnięte; jego link już nie działa
audit-link-refused = { $code }: link otworzył(a) { $email }
audit-link-refused-more =
    { $code }: link otworzył(a) { $email } (od poprzedniego wpisu { $n ->
        [one] jeszcze { $n } odmowa
        [few] jeszcze { $n } odmowy
       *[many] jeszcze { $n } odmów
    } dla tego linku)
audit-joined = dołączenie jako { $role }; { $plan }; { $seat }
audit-joined-free = plan Darmowy zamieniony na Profesjonalny, opłacany przez zespół
audit-joined-pro = własny plan Profesjonalny ({ $cycle }) anulowany tego dnia; { $amount } do odliczenia na własnym koncie tej osoby
audit-seat-billed = miejsce płatne przez właściciela od { $date }
audit-seat-free = asystent: bezpłatnie
audit-reminder-queued = przypomnienie w kolejce: link wygasa { $date }
audit-email-refused = { $email }: serwer poczty odmówił przyjęcia: { $reply }
audit-email-gave-up = { $email }: zaniechano po { $attempts }; ostatnia odpowiedź: { $reply }
audit-removed = usunięcie z zespołu ({ $role }); powrót do planu Darmowego; miejsce nie jest już płatne
audit-left = odejście z zespołu; powrót do planu Darmowego; miejsce nie jest już płatne
audit-role-changed = rola: { $from } → { $to }
audit-template-added = wersja 1, { $size }
audit-template-edited = wersja { $from } → { $to }, { $size }
audit-template-deleted = usunięty w wersji { $version }
audit-bytes =
    { $n ->
        [one] { $n } bajt
        [few] { $n } bajty
       *[many] { $n } bajtów
    }
