# teamdesk console text, English. Placeholders: { $name }; counts choose
# their plural form with a selector: { $n -> [one] … *[other] … }.

## frame
app-name = teamdesk
help-hint = help
demo = DEMO
demo-clock = { $date }
too-small = terminal too small (need { $width }×{ $height })
loading = loading…
loading-members = loading the team…
no-team = not in a team
support-no-team = Look an address up in Triage, choose an invitation and press { $key } to open its team.
trial-days-left = trial { $days } left
plan-pro = Pro
plan-clinic = Clinic
role-owner = owner
role-admin = admin
role-template-manager = template manager
role-member = member
role-assistant = assistant
role-support = support
role-outsider = not a member
toast-info = info
toast-warn = warning
toast-error = error
shown = { $shown } of { $total } shown
activity-entries =
    { $n ->
        [one] { $n } audit entry
       *[other] { $n } audit entries
    }
filter-label = filter:
sort-label = sorted by { $column }
empty = nothing here yet
no-match = no match for “{ $filter }”
keymap-conflict = keymap: { $warning }

## tabs
tab-members = Members
tab-invitations = Invitations
tab-templates = Templates
tab-billing = Billing
tab-activity = Activity
tab-triage = Triage

## columns
col-name = Name
col-template-name = Template
col-email = Email
col-role = Role
col-status = Status
col-version = Version
col-updated = Updated
col-size = Size
col-at = When
col-actor = Person
col-action = Action
col-target = Target
col-details = Details
col-team = Team
audit-action = { $action ->
    [account-create] created account
    [team-create] created team
    [team-upgrade] upgraded team
    [team-downgrade] downgraded team
    [team-trial_end] trial ended
    [team-rename] renamed team
    [team-session_sharing] session sharing
    [team-transfer] gave ownership
    [team-delete] deleted team
    [billing-update] changed billing
    [invite-add] invited
    [invite-resend] resent invitation
    [invite-revoke] revoked invitation
    [invite-accept] joined
    [invite-refused] link refused
    [member-remove] removed member
    [member-leave] left
    [member-role] changed role
    [template-add] added template
    [template-edit] edited template
    [template-remove] deleted template
    [account-upgrade] moved to Pro
    [account-key_add] added SSH key
    [account-key_remove] removed SSH key
    [invoice-issue] issued invoice
    [invite-delivered] email delivered
    [invite-undelivered] email undelivered
    [invite-reminder] sent reminder
    [team-language] email language
   *[other] { $action }
}

## members
seat-billed = billed
seat-free = free
detail-role = Role
detail-joined = Joined
detail-seat = Seat
detail-before = Before
before-pro-cancelled = Pro ({ $cycle }), cancelled on joining
before-free = Free, upgraded to Pro by the team
before-creator = created the team; their Pro plan became the team's
days-ago = { $days } ago
today = today
days =
    { $n ->
        [one] { $n } day
       *[other] { $n } days
    }

## invitations
status-pending = pending · expires in { $days }
status-pending-today = pending · expires today
status-expired = expired { $days } ago
status-expired-today = expired today
status-revoked = revoked { $date } by { $name }
status-superseded = superseded { $date }
status-accepted = accepted { $date }
detail-expires = Expires
detail-next-step = Next
next-wait = wait for them to accept (link valid { $days } more); resend if the email did not arrive
next-leave-other = they must leave "{ $team }" first (or ask its admin to remove them)
next-sign-in-as = opened as { $signed_in_as }: sign in as { $email }, or invite { $signed_in_as }
next-resend = resend the invitation
next-invite-again = invite the address again if they should join
next-team-deleted = nothing to do: the team was deleted
next-use-newer = the newer invitation is the one that works
next-nothing = nothing to do: they are in the team
next-left = they joined and left: invite them again to bring them back
next-await-delivery = queued since { $since }: not tried yet, it goes out with the next delivery
next-mail-server-down = queued: the mail server has been unreachable since { $since }, retrying (next try { $next }; last reply: { $reply })
next-check-address = the mail server refused the address: { $reply } — check the spelling and invite the right address
next-gave-up = delivery given up after { $attempts } (last reply: { $reply }) — once the mail server is reachable, resend
next-key-changed = the email was never sent: the link key changed after it was queued — resend
next-undelivered = the link expired before its email could be delivered — resend

## an invitation's timeline
timeline-sent = sent by { $name }
timeline-resent = resent by { $name }, replacing an earlier link
timeline-invitation-email = invitation email
timeline-reminder-email = reminder
timeline-queued = { $email } queued
timeline-delivered = { $email } delivered ({ $transport }): { $reply }
timeline-deferred = { $email } not delivered yet ({ $transport }): { $reply }
timeline-bounced = { $email } refused by the mail server ({ $transport }): { $reply }
timeline-not-retried = { $email } failed for good: not retried
timeline-gave-up = { $email } given up after { $attempts }
timeline-attempts =
    { $n ->
        [one] { $n } attempt
       *[other] { $n } attempts
    }
timeline-key-changed = { $email } never sent: the link key changed after it was queued
timeline-link-expired = { $email } never sent: the link expired first
timeline-cancelled = { $email } not sent: the invitation closed first
timeline-refused = link refused: { $code } (opened by { $email })
timeline-refused-other-team = link refused: { $code } (opened by { $email }, in "{ $team }")
timeline-refusals-not-kept =
    { $n ->
        [one] { $n } earlier refused opening no longer kept
       *[other] { $n } earlier refused openings no longer kept
    }
timeline-revoked = revoked by { $name }
timeline-superseded = superseded: a newer link was sent by { $name }
timeline-accepted = accepted by { $name }
timeline-expired = expired unused
timeline-earlier =
    { $n ->
        [one] ⋯ { $n } earlier event not shown
       *[other] ⋯ { $n } earlier events not shown
    }

## templates
template-by = { $date } by { $name }

## billing
billing-plan = Plan
billing-trial-rate = billed at the Pro rate
billing-cycle = Billing cycle
billing-cycle-next = { $cycle }, { $next } from { $date }
billing-owner = Paid through
billing-seats = Seats
billing-seats-value = { $billed } · { $assistants }
billing-seats-billed =
    { $n ->
        [one] { $n } billed seat
       *[other] { $n } billed seats
    }
billing-assistants =
    { $n ->
        [one] { $n } assistant (free)
       *[other] { $n } assistants (free)
    }
billing-seat-price = Seat price
billing-per-cycle = { $price } per { $per }
per-month = month
per-year = year
billing-period = Period
billing-period-value = { $start } – { $end }
billing-next = Next invoice
billing-next-value = { $amount } on { $date }
billing-credit = Credit
billing-credit-value = { $amount }, taken off the next invoice
billing-no-credit = none
billing-card = Card
billing-no-card = none on file
billing-email = Billing email
billing-email-owner = { $email } (the owner's)
billing-large-team = Large team: contact sales for volume pricing.
billing-session-sharing = Session sharing
billing-email-language = Email language
card-on-file = { $brand } ending { $last4 }, expires { $expiry }
language-en = English
language-pl = Polish
on = on
off = off
cycle-monthly = monthly
cycle-yearly = yearly
billing-invoices = Invoices
billing-show-invoices = invoices
invoice-next = next · preview
invoice-issued = issued
invoice-next-title = Next invoice (preview)
invoice-issued-title = Invoice of { $date }
invoice-for = { $period } · billed to { $email }
invoice-total = Total
invoice-more = { $key } more
line-seat = { $name } · { $role }
line-assistant = { $name } · { $role }, free
line-joined = { $name } joined { $date } ({ $days }/{ $of } days)
line-left = { $name } left { $date }: { $days }/{ $of } days credited
line-price-changed = { $name }: new seat price from { $date } ({ $days }/{ $of } days)
line-credit-applied = credit from earlier invoices
line-credit-carried = credit carried to the next invoice
chart-totals = Invoice totals ({ $currency })
chart-no-invoices = no invoices issued yet
chart-seats = Billable seats this period
chart-seats-value = { $today } today · lowest { $low } · highest { $high } · since { $start }

## cost previews
cost-label = Cost
cost-asking = working out the cost…
cost-seats =
    { $n ->
        [one] { $n } billed seat
       *[other] { $n } billed seats
    }
cost-seats-line = { $seats } at { $price }: { $change }, pro rata
cost-price-line = new seat price: { $change }, pro rata
cost-charge = { $amount } on the { $date } invoice
cost-credit = credit { $amount } on the { $date } invoice
cost-none = no change to the { $date } invoice
cost-joining = { $cost }, if they join today
upgrade-trial = A 14-day free Clinic trial starts today, billed at the Pro rate. When it ends the team stays on Clinic if a card is on file; otherwise it returns to Pro and its assistants return to the free plan.
upgrade-now = The team has had its free trial: seats are billed at the Clinic rate from today.

## billing edits and a person's own plan
card-title = Card for { $team }
go-pro-title = Move to Pro
card-note = Only the brand, the last 4 digits and the expiry are kept: never type the whole card number.
go-pro-note = You pay for yourself, with your own card.
go-pro-card-on-file = Leave the card empty to pay with the one on file: { $card }.
card-brand = Brand
card-last4 = Last 4 digits
card-expiry = Expiry (MM/YYYY)
card-number-refused = That looks like a full card number: teamdesk never takes one, so it was cleared. Type only the last 4 digits.
card-expiry-format = The expiry is a month and a year, such as 09/2028.
card-missing = Give the card's brand, last 4 digits and expiry.
prompt-billing-email = Billing email (invoices are sent here)
confirm-cycle-title = Switch to { $cycle } billing?
confirm-cycle-body = From the { $date } invoice the billing cycle is { $cycle }; the period running now stays { $current }.
confirm-cycle-keep-title = Keep { $cycle } billing?
confirm-cycle-keep-body = The switch to { $other } billing from { $date } is called off.
plan-free = Free
personal-title = Your plan
personal-credit-value = { $amount }, kept on your account
personal-go-pro = Pro without a team, paid with your own card: { $key }. Or ask a team admin to invite you: the team then pays.
not-in-team = You are not in a team. A team admin can invite you; on Billing you can move to Pro on your own.
trial-ended-pro = The Clinic trial ended on { $date } with no card on file: the team is back on Pro and its assistants are on the free plan.
trial-ended-clinic = The Clinic trial ended on { $date }: the card on file keeps the team on Clinic, billed at the Clinic rate.

## triage
triage-prompt = lookup:
triage-no-results = no invitation for that address

## dialogs
dialog-invite-title = Invite to { $team }
dialog-invite-addresses = Addresses (one per line, or paste a list)
dialog-invite-role = Role
assistant-free = assistants are free, on Clinic teams only
dialog-role-title = Role of { $name }
confirm-remove-title = Remove { $name }?
confirm-remove-body = { $name } returns to the free plan today and their seat stops being billed.
confirm-revoke-title = Revoke the invitation of { $email }?
confirm-revoke-body = The link sent to { $email } stops working. You can invite the address again later.
confirm-resend-expired-title =
    { $n ->
        [one] Resend the expired invitation?
       *[other] Resend all { $n } expired invitations?
    }
confirm-resend-expired-body = Each gets a new link, valid for 30 days, in a new email; the old links stay dead.
none-expired = No invitation has expired.
confirm-leave-title = Leave the team?
confirm-leave-body = You leave { $team } and return to the free plan today.
confirm-transfer-title = Make { $name } the owner?
confirm-transfer-body = { $name } becomes the owner and all team payments run through their account. You stay an admin.
confirm-delete-template-title = Delete the template { $name }?
confirm-delete-template-body = { $name } is deleted for the whole team.
confirm-delete-team-title = Delete { $team }?
confirm-delete-team-body = Everyone returns to the free plan, pending invitations are revoked and templates are deleted.
confirm-delete-team-type = Type the team name to confirm: { $team }
confirm-delete-team-wrong = That is not the team's name: type it exactly as above.
confirm-upgrade-title = Upgrade to Clinic?
confirm-upgrade-body = { $team } gets shared templates, free assistants and session sharing.
confirm-downgrade-title = Return to Pro?
confirm-downgrade-body = { $team } keeps one bill but loses collaboration tools: templates are hidden, session sharing switches off.
prompt-rename-team = Rename the team
prompt-template-name = Template name
template-name-taken = A template named “{ $name }” already exists: choose another name.
prompt-copy-name = { $name } (copy)
editor-title = Template
editor-conflict = Someone else saved version { $version } ({ $name }) while you were editing. Your text is kept here: save again to replace their version, or Esc to drop yours.
editor-discard = Unsaved changes: Esc again to discard them, Ctrl-s to save.
help-more = ↓ more
viewer-title = { $name } · version { $version }
picker-title = Act as
switcher-title = Switch person
help-title = Keys
messages-title = Messages, newest first
messages-none = No messages yet.
help-context = { $context }
help-global = Everywhere
help-forms = Forms
help-confirm = Confirmations

## outcomes
done-invited = invited { $count }
done-invite-refused = { $email }: { $reason }
done-resent = new link sent to { $email }
done-resent-expired =
    { $n ->
        [one] new link sent for { $n } expired invitation
       *[other] new links sent for { $n } expired invitations
    }
done-revoked = revoked the invitation of { $email }
done-removed = removed { $email }
done-role = { $name } is now { $role }
done-left = you left the team
done-team-deleted = deleted { $team }
done-team-changed = saved
done-and-cost = { $done }: { $change }
done-trial-started = Clinic trial started: { $days } left, billed at the Pro rate
done-upgraded = { $team } is on Clinic now
done-downgraded = { $team } is back on Pro
done-renamed = the team is now called { $team }
done-sharing = session sharing is { $state }
done-language = invitation emails are now in { $language }
done-owner = { $name } owns the team now
done-card = card on file: { $card }
done-billing-email = invoices go to { $email }
done-cycle = billing is { $cycle } from { $date }
done-cycle-kept = billing stays { $cycle }
done-go-pro = you are on Pro ({ $cycle }), paid with { $card }
done-template-saved = saved { $name } (version { $version })
done-template-deleted = deleted { $name }
done-clock = the clock now reads { $date }
done-switched = now acting as { $email }
refused = not available to you: { $action }

## key actions (footer and help)
key-quit = quit
key-help = help
tab-closed = { $tab ->
    [members] Only team members and support staff can view the team and its members.
    [invitations] Only team admins and support staff can view invitations.
    [templates] Only team members can view or use team templates.
    [billing] Only team admins can view billing.
   *[activity] Only team admins and support staff can read the audit log.
}
demo-part = { $part ->
    [owner] owner
    [admin] admin
    [template-manager] template manager
    [member] member
    [assistant] assistant
    [support] support
    [pro-team-owner] Pro team owner
   *[other] { $part }
}
key-messages = messages
key-next-tab = next tab
key-prev-tab = previous tab
key-tab1 = tab 1
key-tab2 = tab 2
key-tab3 = tab 3
key-tab4 = tab 4
key-tab5 = tab 5
key-tab6 = tab 6
key-filter = filter
key-sort = sort
key-up = up
key-down = down
key-page-up = page up
key-page-down = page down
key-top = first
key-bottom = last
key-details = details
key-back = back
key-switch-person = switch person
key-clock-day = +1 day
key-clock-week = +1 week
key-dismiss = dismiss
key-invite = invite
key-change-role = role
key-remove = remove
key-make-owner = make owner
key-leave = leave
key-resend = resend
key-resend-expired = resend expired
key-revoke = revoke
key-new-template = new
key-edit-template = edit
key-delete-template = delete
key-view-template = view
key-copy-template = copy
key-upgrade = upgrade
key-downgrade = downgrade
key-rename = rename
key-session-sharing = session sharing
key-email-language = email language
key-delete-team = delete team
key-edit-card = card
key-billing-email = billing email
key-change-cycle = cycle
key-go-pro = move to Pro
key-open-team = open team
key-submit = confirm
key-cancel = close
key-next-field = next field
key-prev-field = previous field
key-save = save
key-yes = yes
key-no = no

## text fields
key-undo = undo
key-redo = redo
key-word-left = word left
key-word-right = word right
key-delete-word = delete word
key-clear-to-start = clear to start
key-clear-to-end = clear to end
# The command palette
key-palette = commands
palette-title = Commands
palette-prompt = Find:
help-text = Text fields
too-long-chars =
    Too long: this field holds at most { $most ->
        [one] { $most } character
       *[other] { $most } characters
    }. Nothing was added.
too-long-bytes = Too long: this field holds at most { $kib } KiB. Nothing was added.
too-long-addresses = Too long: an address holds at most { $each } characters, the list at most { $kib } KiB. Nothing was added.

## lists: their order, marked invitations and what is done to them at once
order-newest = newest first
order-oldest = oldest first
key-reverse-sort = reverse
key-mark = mark
marked = { $n } marked · { $key } clears
confirm-bulk-resend-title =
    { $n ->
        [one] Resend the marked invitation?
       *[other] Resend { $n } marked invitations?
    }
confirm-bulk-resend-body = Each gets a new link, valid for 30 days, in a new email; its previous link stops working.
confirm-bulk-revoke-title =
    { $n ->
        [one] Revoke the marked invitation?
       *[other] Revoke { $n } marked invitations?
    }
confirm-bulk-revoke-body = Their links stop working. You can invite the addresses again later.
bulk-and-more = and { $n } more
bulk-left =
    { $n ->
        [one] Left as it is:
       *[other] { $n } left as they are:
    }
not-open-accepted = { $email } accepted on { $date }: there is no link to resend or revoke
not-open-revoked = { $email } was revoked on { $date }: invite the address again instead
not-open-superseded = { $email } was replaced by a newer link on { $date }: act on that one

## invitation links, shown to whoever just made them
link-title =
    { $n ->
        [one] New invitation link
       *[other] { $n } new invitation links
    }
link-for = { $email } · valid until { $date }
link-note = Shown only here, only now: the console keeps no copy.
link-copied = link for { $email } sent to your terminal's clipboard
key-copy-link = copy link
help-link = Invitation links

## what audit entries say happened (Activity details)
audit-account-created = plan { $plan }
audit-key = SSH key { $fingerprint }
audit-support-account = support staff account
audit-signed-up = signed up through an invitation
audit-moved-to-pro = moved to Pro ({ $cycle }), paid by { $card }
audit-team-created = Pro team created; { $cycle } billing runs through the owner's account
audit-trial-started = upgraded to Clinic: free trial until { $date }
audit-upgraded = upgraded to Clinic (the free trial was used before)
audit-downgraded = downgraded to Pro; session sharing off; { $templates } kept but hidden until the team is Clinic again
audit-templates-hidden =
    { $n ->
        [one] { $n } shared template
       *[other] { $n } shared templates
    }
audit-trial-ended-pro = the Clinic trial ended without a payment method on file: the team returned to Pro; shared templates are kept but hidden; { $assistants }
audit-assistants-released =
    { $n ->
        [one] { $n } assistant returned to the free plan
       *[other] { $n } assistants returned to the free plan
    }
audit-trial-ended-clinic = the Clinic trial ended; a payment method is on file, so the team stays on Clinic, billed at the Clinic rate from that day
audit-renamed = renamed from "{ $name }"
audit-session-sharing = session sharing { $state }
audit-email-language = invitation emails in { $language }
audit-ownership-passed = ownership passed from { $from } to { $to }; payments now run through { $name }'s account
audit-team-deleted = team deleted: { $members }, { $invitations }, { $templates }
audit-members-released =
    { $n ->
        [one] { $n } member returned to free
       *[other] { $n } members returned to free
    }
audit-invitations-revoked =
    { $n ->
        [one] { $n } pending invitation revoked
       *[other] { $n } pending invitations revoked
    }
audit-templates-deleted =
    { $n ->
        [one] { $n } template deleted
       *[other] { $n } templates deleted
    }
audit-billing-card = payment method { $card }
audit-billing-email = billing email { $email }
audit-billing-cycle = billing cycle { $cycle } from { $date }
audit-invoice-issued = invoice for { $period }: { $total }, { $seats }, billed to { $email }
audit-invited = invited as { $role }; link valid until { $date }
audit-resent = new link sent as { $role }; the previous link no longer works; link valid until { $date }
audit-revoked = invitation revoked; its link no longer works
audit-link-refused = { $code }: link opened by { $email }
audit-link-refused-more =
    { $code }: link opened by { $email } ({ $n ->
        [one] { $n } more refused opening
       *[other] { $n } more refused openings
    } of this link since the last entry)
audit-joined = joined as { $role }; { $plan }; { $seat }
audit-joined-free = free plan upgraded to Pro, covered by the team
audit-joined-pro = personal Pro ({ $cycle }) subscription cancelled that day; { $amount } credited to the person's own account
audit-seat-billed = seat billed to the owner from { $date }
audit-seat-free = assistant: no charge
audit-reminder-queued = reminder queued: the link expires on { $date }
audit-email-refused = { $email }: the mail server refused it: { $reply }
audit-email-gave-up = { $email }: given up after { $attempts }; the last reply: { $reply }
audit-removed = removed ({ $role }); back on the free plan; seat no longer billed
audit-left = left the team; back on the free plan; seat no longer billed
audit-role-changed = role { $from } → { $to }
audit-template-added = version 1, { $size }
audit-template-edited = version { $from } → { $to }, { $size }
audit-template-deleted = deleted at version { $version }
audit-bytes =
    { $n ->
        [one] { $n } byte
       *[other] { $n } bytes
    }
