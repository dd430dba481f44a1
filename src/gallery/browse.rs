//! The gallery's rules that are not about storage: moving through the
//! images (a swipe too), which one the lightbox shows after a delete, and
//! the Undo of deletes, and the grids the tiles are laid out in.      [pure]

use std::ops::Range;

/// How many grids the tiles in the page take: `shown` of the `matching`
/// images are in the page, `per_grid` to a grid.
pub fn grids(per_grid: usize, shown: usize, matching: usize) -> usize {
    shown.min(matching).div_ceil(per_grid.max(1))
}

/// Which of the matching images grid `grid` holds, as positions among
/// them (empty past the last).
pub fn grid_range(grid: usize, per_grid: usize, shown: usize, matching: usize) -> Range<usize> {
    let end = shown.min(matching);
    let start = grid.saturating_mul(per_grid).min(end);
    start..start.saturating_add(per_grid).min(end)
}

/// The id `by` places from `current` among `ids` (the images the search
/// shows, in order), stopping at either end; `None` when `current` is not
/// among them.
pub fn step(ids: &[u64], current: u64, by: isize) -> Option<u64> {
    let at = ids.iter().position(|&id| id == current)?;
    let last = ids.len().checked_sub(1)?;
    let next = at.saturating_add_signed(by).min(last);
    ids.get(next).copied()
}

/// A finger's move across the image, from touch to lift (CSS pixels):
/// the way to step through the images, as a phone's photo viewer does.
/// Right to left shows the next; left to right the one before. Too short,
/// or more down than across (scrolling, zooming): none.
pub fn swipe(dx: f64, dy: f64) -> Option<isize> {
    const AT_LEAST: f64 = 48.0;
    // Asked as "far enough and across": a NaN answers no.
    let across = dx.abs() >= AT_LEAST && dx.abs() >= 2.0 * dy.abs();
    across.then_some(if dx < 0.0 { 1 } else { -1 })
}

/// The image the lightbox moves on to when `id` is deleted: the next one,
/// or from the last the one before; `None` when it was the only one.
pub fn neighbour_after_delete(ids: &[u64], id: u64) -> Option<u64> {
    let at = ids.iter().position(|&other| other == id)?;
    ids.get(at + 1)
        .or_else(|| at.checked_sub(1).and_then(|before| ids.get(before)))
        .copied()
}

/// A set of image ids, kept sorted in a `Vec` (binary search): the few
/// thousand ids of a gallery need no tree, and a `BTreeSet` cost the first
/// load its code and a stable sort's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet(Vec<u64>);

impl IdSet {
    /// Adds `id`; false when it was already there.
    pub fn insert(&mut self, id: u64) -> bool {
        match self.0.binary_search(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// Takes `id` out; false when it was not there.
    pub fn remove(&mut self, id: u64) -> bool {
        match self.0.binary_search(&id) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, id: u64) -> bool {
        self.0.binary_search(&id).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Keeps the ids `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&u64) -> bool) {
        self.0.retain(keep);
    }

    /// The ids, smallest first.
    pub fn to_vec(&self) -> Vec<u64> {
        self.0.clone()
    }
}

impl FromIterator<u64> for IdSet {
    /// In linear time from ids in either order (the gallery lists newest,
    /// the largest, first); any other order one insert at a time.
    fn from_iter<I: IntoIterator<Item = u64>>(ids: I) -> Self {
        let mut ids: Vec<u64> = ids.into_iter().collect();
        if ids.windows(2).all(|w| w[0] > w[1]) {
            ids.reverse();
        }
        if ids.windows(2).all(|w| w[0] < w[1]) {
            return IdSet(ids);
        }
        let mut set = IdSet::default();
        for id in ids {
            set.insert(id);
        }
        set
    }
}

/// How long Undo is offered after a delete.
pub const UNDO_MS: u64 = 8_000;

/// Deleted items kept until Undo is no longer offered. Deletes in a row
/// share one Undo, which brings them all back; each delete restarts the
/// time, and only the latest delete's timer may end it.
#[derive(Debug)]
pub struct UndoBox<T> {
    items: Vec<T>,
    ticket: u64,
    pending: bool,
}

impl<T> Default for UndoBox<T> {
    fn default() -> Self {
        UndoBox {
            items: Vec::new(),
            ticket: 0,
            pending: false,
        }
    }
}

impl<T> UndoBox<T> {
    /// Keeps `deleted` for Undo, with any still pending. Returns the ticket
    /// the timer hands back to [`UndoBox::expire`], and how many Undo would
    /// bring back.
    pub fn push(&mut self, deleted: Vec<T>) -> (u64, usize) {
        self.ticket += 1;
        self.items.extend(deleted);
        self.pending = true;
        (self.ticket, self.items.len())
    }

    /// The timer of `ticket` ran out: the items are let go, unless a later
    /// delete has restarted the time.
    pub fn expire(&mut self, ticket: u64) -> Option<Vec<T>> {
        (self.pending && ticket == self.ticket).then(|| self.take())?
    }

    /// Undo: everything pending.
    pub fn take(&mut self) -> Option<Vec<T>> {
        if !self.pending {
            return None;
        }
        self.pending = false;
        Some(std::mem::take(&mut self.items))
    }

    pub fn is_pending(&self) -> bool {
        self.pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_tiles_in_the_page_are_shared_out_a_grid_of_120_at_a_time() {
        assert_eq!(grids(120, 40, 1000), 1, "the first frame's tiles");
        assert_eq!(grids(120, 120, 1000), 1);
        assert_eq!(grids(120, 121, 1000), 2, "a tile more: a grid more");
        assert_eq!(grids(120, 1000, 250), 3, "no more than match");
        assert_eq!(grids(120, 40, 0), 0, "nothing saved or found");
        assert_eq!(grids(0, 40, 40), 40, "no grid of nothing");
        assert_eq!(grid_range(0, 120, 40, 1000), 0..40);
        assert_eq!(grid_range(1, 120, 280, 1000), 120..240);
        assert_eq!(grid_range(2, 120, 280, 1000), 240..280, "the last, growing");
        assert_eq!(grid_range(2, 120, 1000, 250), 240..250, "as many as match");
        assert_eq!(
            grid_range(3, 120, 280, 1000),
            280..280,
            "past the last: none"
        );
        assert_eq!(grid_range(usize::MAX, 120, 280, 1000), 280..280);
        // Every tile in one grid, and only one.
        let (shown, matching) = (1000, 1234);
        let all: Vec<usize> = (0..grids(120, shown, matching))
            .flat_map(|g| grid_range(g, 120, shown, matching))
            .collect();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_swipe_across_steps_and_anything_else_does_not() {
        assert_eq!(swipe(-120.0, 10.0), Some(1), "right to left: the next");
        assert_eq!(swipe(120.0, -10.0), Some(-1), "left to right: before");
        assert_eq!(swipe(-48.0, 0.0), Some(1), "just long enough");
        assert_eq!(swipe(-47.0, 0.0), None, "a tap that moved a little");
        assert_eq!(swipe(0.0, 0.0), None);
        assert_eq!(swipe(-100.0, 60.0), None, "more down than across");
        assert_eq!(swipe(100.0, 50.0), Some(-1), "across, twice the drop");
        assert_eq!(swipe(f64::NAN, 0.0), None, "no position");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn id_sets_hold_each_id_once_in_order() {
        for ids in [vec![9, 7, 5, 3], vec![3, 5, 7, 9], vec![7, 3, 9, 5, 3, 9]] {
            let set: IdSet = ids.into_iter().collect();
            assert_eq!(set.to_vec(), vec![3, 5, 7, 9]);
        }
        let mut set = IdSet::default();
        assert!(set.insert(5) && set.insert(1) && !set.insert(5));
        assert!(set.contains(1) && !set.contains(2));
        assert_eq!(set.len(), 2);
        assert!(set.remove(1) && !set.remove(1));
        set.retain(|id| *id != 5);
        assert!(set.is_empty());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn moving_through_the_images_stops_at_the_ends() {
        let ids = [30, 20, 10];
        assert_eq!(step(&ids, 20, 1), Some(10));
        assert_eq!(step(&ids, 10, 1), Some(10));
        assert_eq!(step(&ids, 30, -1), Some(30));
        assert_eq!(step(&ids, 30, 5), Some(10));
        assert_eq!(step(&ids, 99, 1), None);
        assert_eq!(step(&[], 1, 1), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn after_a_delete_the_lightbox_moves_on() {
        let ids = [30, 20, 10];
        assert_eq!(neighbour_after_delete(&ids, 30), Some(20));
        assert_eq!(neighbour_after_delete(&ids, 20), Some(10));
        assert_eq!(
            neighbour_after_delete(&ids, 10),
            Some(20),
            "from the last, back"
        );
        assert_eq!(neighbour_after_delete(&[7], 7), None);
        assert_eq!(neighbour_after_delete(&ids, 99), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn deletes_in_a_row_share_one_undo_and_only_the_last_timer_ends_it() {
        let mut undo = UndoBox::default();
        let (first, _) = undo.push(vec!['a']);
        let (second, count) = undo.push(vec!['b', 'c']);
        assert_eq!(count, 3);
        // The first delete's timer runs out: the second restarted the time.
        assert_eq!(undo.expire(first), None);
        assert!(undo.is_pending());
        assert_eq!(undo.expire(second), Some(vec!['a', 'b', 'c']));
        assert!(!undo.is_pending());
        assert_eq!(undo.take(), None, "nothing left to undo");
        // Undo before the time is up brings back everything pending.
        let (third, _) = undo.push(vec!['d']);
        assert_eq!(undo.take(), Some(vec!['d']));
        assert_eq!(undo.expire(third), None, "already undone");
    }
}
