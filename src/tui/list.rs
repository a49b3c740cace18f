//! The state behind every list: rows, a filter typed as you go, a sort, a
//! selection and the window of rows on screen. Drawing asks only for the
//! visible window, so a list of 100,000 rows costs what a screenful costs.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

use memchr::memmem;

use super::i18n::T;

/// Rows as read: shared, not copied, by every console of a server that
/// shows them (and by the read kept for the next console to ask).
pub type Rows<R> = Arc<Vec<R>>;

/// One way to order rows: the header of the column it sorts by, the order,
/// and whether that order runs downwards (newest first), for the header's arrow.
pub struct Sort<R> {
    pub column: T,
    pub order: fn(&R, &R) -> Ordering,
    pub descending: bool,
}

impl<R> Sort<R> {
    /// A column whose order runs upwards: A to Z, oldest first.
    pub const fn up(column: T, order: fn(&R, &R) -> Ordering) -> Sort<R> {
        Sort {
            column,
            order,
            descending: false,
        }
    }

    /// A column whose order runs downwards: newest first.
    pub const fn down(column: T, order: fn(&R, &R) -> Ordering) -> Sort<R> {
        Sort {
            column,
            order,
            descending: true,
        }
    }
}

/// A row a list can filter, sort and keep selected across reloads.
pub trait ListRow: Clone + 'static {
    /// Lower-cased text the filter searches.
    fn haystack(&self) -> String;
    /// What identifies the row across reloads (an address, a template name).
    fn identity(&self) -> String;
    /// The columns rows can be sorted by, each one the table shows.
    fn sorts() -> &'static [Sort<Self>];
    /// The words for the order rows are read in (forwards, reversed) when
    /// that order is the list's first, before any column is chosen: it
    /// follows no column shown. `None`: the list starts sorted by its first
    /// column.
    fn as_read() -> Option<(T, T)> {
        None
    }
}

/// How a list is ordered now, as the console shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By a column: an arrow in its header, ▼ when the order runs downwards.
    Column { column: T, descending: bool },
    /// As read, or reversed: the words for it.
    AsRead(T),
}

impl Order {
    /// The arrow shown after a sorted column's header.
    pub fn arrow(descending: bool) -> &'static str {
        if descending { "▼" } else { "▲" }
    }
}

/// What the console does with any list, whatever its rows: move the
/// selection, filter, sort, scroll. Lets the app reach the list of a tab
/// through one [`crate::tui::state::App::list_mut`].
pub trait ListNav {
    /// Moves the selection by `delta` rows, stopping at the ends.
    fn move_by(&mut self, delta: isize);
    fn select_first(&mut self);
    fn select_last(&mut self);
    fn selected_index(&self) -> usize;
    /// Sets the filter; a filter that extends the previous one only narrows
    /// the rows already shown.
    fn set_filter(&mut self, filter: &str);
    fn filter(&self) -> &str;
    /// Sorts by the next column (after the last, back to the first order);
    /// returns the order now (`None`: the list has one order).
    fn cycle_sort(&mut self) -> Option<Order>;
    /// Turns the order round; returns it (`None`: the list has one order).
    fn reverse_sort(&mut self) -> Option<Order>;
    /// The order now; `None` for a list that has only one.
    fn order(&self) -> Option<Order>;
    fn total(&self) -> usize;
    fn shown(&self) -> usize;
    /// The first row a window of `height` rows shows: the one shown last
    /// time, moved just enough to keep the selection in view.
    fn first_shown(&self, height: usize) -> usize;
    /// Keeps the window of `height` rows where [`ListNav::first_shown`]
    /// puts it; update calls this after each change, so drawing only reads.
    fn follow(&mut self, height: usize);
    /// How many rows are marked for an action on all of them at once.
    fn marked_count(&self) -> usize;
    fn clear_marks(&mut self);
}

impl<R: ListRow> ListNav for ListView<R> {
    fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    fn select_first(&mut self) {
        self.selected = 0;
    }

    fn select_last(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
    }

    fn selected_index(&self) -> usize {
        self.selected
    }

    fn set_filter(&mut self, filter: &str) {
        let narrowing = filter.starts_with(self.filter.as_str()) && !filter.contains('\n');
        self.filter = filter.replace('\n', " ");
        if narrowing && !self.filter.is_empty() {
            let hits = self.matching(&self.filter.to_lowercase());
            self.visible.retain(|&i| hits[i as usize]);
        } else {
            self.refilter_all();
        }
        self.selected = 0;
        self.offset = 0;
    }

    fn filter(&self) -> &str {
        &self.filter
    }

    fn cycle_sort(&mut self) -> Option<Order> {
        let count = R::sorts().len();
        if count == 0 {
            return None;
        }
        self.sort = match self.sort {
            None => Some(0),
            Some(next) if next + 1 < count => Some(next + 1),
            Some(_) if R::as_read().is_some() => None,
            Some(_) => Some(0),
        };
        self.reversed = false;
        self.reorder();
        self.order()
    }

    fn reverse_sort(&mut self) -> Option<Order> {
        self.order()?;
        self.reversed = !self.reversed;
        self.reorder();
        self.order()
    }

    fn order(&self) -> Option<Order> {
        match self.sort {
            Some(index) => {
                let sort = R::sorts().get(index)?;
                Some(Order::Column {
                    column: sort.column,
                    descending: sort.descending != self.reversed,
                })
            }
            None => {
                let (forwards, reversed) = R::as_read()?;
                Some(Order::AsRead(if self.reversed {
                    reversed
                } else {
                    forwards
                }))
            }
        }
    }

    fn total(&self) -> usize {
        self.rows.len()
    }

    fn shown(&self) -> usize {
        self.visible.len()
    }

    fn first_shown(&self, height: usize) -> usize {
        let mut offset = self.offset;
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        offset.min(self.visible.len().saturating_sub(height))
    }

    fn follow(&mut self, height: usize) {
        self.offset = self.first_shown(height);
    }

    fn marked_count(&self) -> usize {
        self.marked.len()
    }

    fn clear_marks(&mut self) {
        self.marked.clear();
    }
}

#[derive(Debug, Clone)]
pub struct ListView<R> {
    rows: Rows<R>,
    /// Every row's haystack, one after another, each ended by a line break
    /// (which no filter holds): one search over this finds every match.
    haystacks: String,
    /// Where each row's haystack starts in `haystacks`, and where the last ends.
    starts: Vec<usize>,
    /// Row indices in the current sort order.
    order: Vec<u32>,
    /// Row indices that pass the filter, in sort order.
    visible: Vec<u32>,
    filter: String,
    /// The column sorted by (an index into [`ListRow::sorts`]); `None`: as read.
    sort: Option<usize>,
    reversed: bool,
    selected: usize,
    offset: usize,
    /// The identities of the rows marked, kept across reloads while their
    /// rows are there.
    marked: HashSet<String>,
}

impl<R: ListRow> Default for ListView<R> {
    fn default() -> Self {
        Self {
            rows: Rows::default(),
            haystacks: String::new(),
            starts: vec![0],
            order: Vec::new(),
            visible: Vec::new(),
            filter: String::new(),
            sort: (R::as_read().is_none() && !R::sorts().is_empty()).then_some(0),
            reversed: false,
            selected: 0,
            offset: 0,
            marked: HashSet::new(),
        }
    }
}

impl<R: ListRow> ListView<R> {
    /// Every row loaded, whatever the filter shows.
    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    /// Replaces the rows, keeping the filter, the sort and (when it still
    /// exists) the selected row.
    pub fn set_rows(&mut self, rows: impl Into<Rows<R>>) {
        let rows = rows.into();
        let keep = self.selected_row().map(ListRow::identity);
        self.haystacks.clear();
        self.starts.clear();
        self.starts.push(0);
        for row in rows.iter() {
            self.haystacks.push_str(&row.haystack());
            self.haystacks.push('\n');
            self.starts.push(self.haystacks.len());
        }
        if !self.marked.is_empty() {
            let there: HashSet<String> = rows.iter().map(ListRow::identity).collect();
            self.marked.retain(|identity| there.contains(identity));
        }
        self.rows = rows;
        self.resort();
        self.refilter_all();
        if let Some(identity) = keep
            && let Some(position) = self
                .visible
                .iter()
                .position(|&i| self.rows[i as usize].identity() == identity)
        {
            self.selected = position;
        }
        self.clamp();
    }

    fn resort(&mut self) {
        let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
        if let Some(sort) = self.sort.and_then(|index| R::sorts().get(index)) {
            order.sort_by(|&a, &b| (sort.order)(&self.rows[a as usize], &self.rows[b as usize]));
        }
        if self.reversed {
            order.reverse();
        }
        self.order = order;
    }

    /// Puts the rows in the order chosen, keeping the selected row selected.
    fn reorder(&mut self) {
        let keep = self.selected_row().map(ListRow::identity);
        self.resort();
        self.refilter_all();
        if let Some(identity) = keep {
            self.selected = self
                .visible
                .iter()
                .position(|&i| self.rows[i as usize].identity() == identity)
                .unwrap_or(0);
        }
    }

    /// Which rows hold `needle`, from one forward pass over all the
    /// haystacks that skips the rest of a row once it matched.
    fn matching(&self, needle: &str) -> Vec<bool> {
        let mut hits = vec![false; self.rows.len()];
        let finder = memmem::Finder::new(needle.as_bytes());
        let text = self.haystacks.as_bytes();
        let (mut from, mut row) = (0, 0);
        while let Some(found) = finder.find(&text[from..]) {
            let at = from + found;
            while self.starts[row + 1] <= at {
                row += 1;
            }
            hits[row] = true;
            from = self.starts[row + 1];
            if from >= text.len() {
                break;
            }
        }
        hits
    }

    fn refilter_all(&mut self) {
        let needle = self.filter.to_lowercase();
        if needle.is_empty() {
            self.visible = self.order.clone();
            return;
        }
        let hits = self.matching(&needle);
        self.visible = self
            .order
            .iter()
            .copied()
            .filter(|&i| hits[i as usize])
            .collect();
    }

    pub fn selected_row(&self) -> Option<&R> {
        self.visible
            .get(self.selected)
            .map(|&i| &self.rows[i as usize])
    }

    /// Marks the selected row, or unmarks it.
    pub fn toggle_mark(&mut self) {
        if let Some(identity) = self.selected_row().map(ListRow::identity)
            && !self.marked.remove(&identity)
        {
            self.marked.insert(identity);
        }
    }

    pub fn is_marked(&self, row: &R) -> bool {
        !self.marked.is_empty() && self.marked.contains(&row.identity())
    }

    /// The rows marked, in the list's order, those the filter hides included.
    pub fn marked_rows(&self) -> Vec<&R> {
        if self.marked.is_empty() {
            return Vec::new();
        }
        self.order
            .iter()
            .map(|&i| &self.rows[i as usize])
            .filter(|row| self.marked.contains(&row.identity()))
            .collect()
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// The rows to draw in a window of `height` rows, and the position of the
    /// selected one inside it.
    pub fn window(&self, height: usize) -> (Vec<&R>, Option<usize>) {
        if height == 0 || self.visible.is_empty() {
            return (Vec::new(), None);
        }
        let first = self.first_shown(height);
        let end = (first + height).min(self.visible.len());
        let rows = self.visible[first..end]
            .iter()
            .map(|&i| &self.rows[i as usize])
            .collect();
        (rows, Some(self.selected - first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone)]
    struct Person(&'static str, u32);

    impl ListRow for Person {
        fn haystack(&self) -> String {
            self.0.to_lowercase()
        }
        fn identity(&self) -> String {
            self.0.to_owned()
        }
        fn sorts() -> &'static [Sort<Self>] {
            &[
                Sort {
                    column: T::ColName,
                    order: |a, b| a.0.cmp(b.0),
                    descending: false,
                },
                Sort {
                    column: T::ColEmail,
                    order: |a, b| b.1.cmp(&a.1),
                    descending: true,
                },
            ]
        }
    }

    fn list() -> ListView<Person> {
        let mut list = ListView::default();
        list.set_rows(vec![
            Person("Raj Shah", 3),
            Person("Ana", 1),
            Person("Priya Shah", 2),
        ]);
        list
    }

    #[test]
    fn filtering_narrows_and_widens() {
        let mut list = list();
        list.set_filter("sh");
        assert_eq!(list.shown(), 2);
        list.set_filter("sha");
        assert_eq!(list.shown(), 2);
        list.set_filter("pri");
        assert_eq!(list.shown(), 1);
        list.set_filter("");
        assert_eq!(list.shown(), 3);
    }

    #[test]
    fn the_selection_survives_a_reload_and_a_sort() {
        let mut list = list();
        list.move_by(2);
        assert_eq!(list.selected_row().unwrap().0, "Raj Shah");
        list.set_rows(vec![
            Person("Zoe", 9),
            Person("Raj Shah", 3),
            Person("Ana", 1),
        ]);
        assert_eq!(list.selected_row().unwrap().0, "Raj Shah");
        list.cycle_sort();
        assert_eq!(list.selected_row().unwrap().0, "Raj Shah");
    }

    fn names(list: &ListView<Person>) -> Vec<&'static str> {
        list.visible
            .iter()
            .map(|&i| list.rows[i as usize].0)
            .collect()
    }

    #[test]
    fn s_steps_through_the_columns_and_reversing_turns_the_order_round() {
        let mut list = list();
        let by = |column, descending| Some(Order::Column { column, descending });
        assert_eq!(list.order(), by(T::ColName, false));
        assert_eq!(names(&list), ["Ana", "Priya Shah", "Raj Shah"]);
        assert_eq!(list.reverse_sort(), by(T::ColName, true));
        assert_eq!(names(&list), ["Raj Shah", "Priya Shah", "Ana"]);
        assert_eq!(list.cycle_sort(), by(T::ColEmail, true), "newest first");
        assert_eq!(names(&list), ["Raj Shah", "Priya Shah", "Ana"]);
        assert_eq!(list.reverse_sort(), by(T::ColEmail, false));
        assert_eq!(names(&list), ["Ana", "Priya Shah", "Raj Shah"]);
        assert_eq!(
            list.cycle_sort(),
            by(T::ColName, false),
            "back to the first"
        );
    }

    #[test]
    fn marks_follow_their_rows_through_sorts_filters_and_reloads() {
        let mut list = list();
        list.toggle_mark();
        list.move_by(2);
        list.toggle_mark();
        let marked = |list: &ListView<Person>| -> Vec<&str> {
            list.marked_rows().iter().map(|p| p.0).collect()
        };
        assert_eq!(marked(&list), ["Ana", "Raj Shah"]);
        list.reverse_sort();
        list.set_filter("priya");
        assert_eq!(
            marked(&list),
            ["Raj Shah", "Ana"],
            "hidden rows stay marked"
        );
        list.set_rows(vec![Person("Raj Shah", 3), Person("Zoe", 9)]);
        assert_eq!(marked(&list), ["Raj Shah"], "a row gone takes its mark");
        list.set_filter("");
        list.select_last();
        assert!(list.is_marked(list.selected_row().unwrap()));
        list.toggle_mark();
        assert_eq!(list.marked_count(), 0);
    }

    #[derive(Debug, Clone)]
    struct Entry(&'static str);

    impl ListRow for Entry {
        fn haystack(&self) -> String {
            self.0.to_owned()
        }
        fn identity(&self) -> String {
            self.0.to_owned()
        }
        fn sorts() -> &'static [Sort<Self>] {
            &[Sort {
                column: T::ColEmail,
                order: |a, b| a.0.cmp(b.0),
                descending: false,
            }]
        }
        fn as_read() -> Option<(T, T)> {
            Some((T::OrderNewest, T::OrderOldest))
        }
    }

    #[test]
    fn a_list_read_newest_first_starts_and_ends_its_cycle_as_read() {
        let mut list = ListView::default();
        list.set_rows(vec![Entry("b"), Entry("c"), Entry("a")]);
        let shown = |list: &ListView<Entry>| -> Vec<&str> {
            list.visible
                .iter()
                .map(|&i| list.rows[i as usize].0)
                .collect()
        };
        assert_eq!(list.order(), Some(Order::AsRead(T::OrderNewest)));
        assert_eq!(shown(&list), ["b", "c", "a"]);
        assert_eq!(list.reverse_sort(), Some(Order::AsRead(T::OrderOldest)));
        assert_eq!(shown(&list), ["a", "c", "b"]);
        list.cycle_sort();
        assert_eq!(shown(&list), ["a", "b", "c"]);
        assert_eq!(list.cycle_sort(), Some(Order::AsRead(T::OrderNewest)));
        assert_eq!(shown(&list), ["b", "c", "a"]);
    }

    #[test]
    fn the_window_follows_the_selection() {
        let mut list = list();
        list.select_last();
        list.follow(2);
        let (rows, selected) = list.window(2);
        assert_eq!(rows.len(), 2);
        assert_eq!(selected, Some(1));
        list.move_by(-1);
        list.follow(2);
        assert_eq!(list.window(2).1, Some(0), "moved only as far as needed");
        list.select_first();
        list.follow(2);
        let (_, selected) = list.window(2);
        assert_eq!(selected, Some(0));
    }
}
