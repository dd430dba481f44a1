//! The gallery's views. Every button of the gallery calls [`act`] with a
//! [`Do`]: one handler type for all of them (each distinct closure would be
//! its own event-listener code in the bundle).

mod lightbox;
mod notice;
mod section;
mod selection;
mod tile;

pub use notice::SaveProblem;
pub use section::GallerySection;

use super::state::GalleryState;

/// What a button of the gallery does.
#[derive(Clone, Copy)]
enum Do {
    ToggleSelecting,
    Export,
    CancelImport,
    Undo,
    SelectAll,
    SelectNone,
    DownloadSelected,
    AskDelete,
    DeleteSelected,
    KeepSelected,
    /// A thumbnail: open it, or (while selecting) select it.
    Tile(u64),
    Step(isize),
    Close,
    Download(u64),
    Copy(u64),
    Share(u64),
    Reuse(u64),
    Edit(u64),
    Delete(u64),
}

fn act(g: GalleryState, what: Do) -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    move |_| run(g, what)
}

fn run(g: GalleryState, what: Do) {
    use crate::web::focus;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    match what {
        Do::ToggleSelecting => g.toggle_selecting(),
        Do::Export => g.export(),
        Do::CancelImport => g.cancel_import(),
        Do::Undo => {
            // The viewer's own notice when it is open, else the gallery's.
            let notice = if g.open.get_untracked().is_some() {
                "dialog[open] .gallery-notice"
            } else {
                "section.gallery > .gallery-notice"
            };
            let held = focus::hold();
            spawn_local(async move {
                g.undo().await;
                held.give_to(notice);
            })
        }
        Do::SelectAll => g.select_all(),
        Do::SelectNone => g.selected.update(|s| s.clear()),
        Do::DownloadSelected => g.download_selected(),
        Do::AskDelete => g.confirming.set(true),
        Do::DeleteSelected => {
            let held = focus::hold();
            spawn_local(async move {
                g.delete(g.selected_ids()).await;
                held.give_to("section.gallery > .gallery-notice");
            })
        }
        Do::KeepSelected => {
            focus::then_to(".selection-bar .danger", || g.confirming.set(false));
        }
        Do::Tile(id) if g.selecting.get_untracked() => g.toggle(id),
        Do::Tile(id) => g.show(Some(id)),
        Do::Step(by) => g.step(by),
        Do::Close => g.show(None),
        Do::Download(id) => g.download(id),
        Do::Copy(id) => spawn_local(g.copy(id)),
        Do::Share(id) => spawn_local(g.share(id)),
        Do::Reuse(id) => g.reuse(id),
        Do::Edit(id) => g.edit(id),
        Do::Delete(id) => g.delete_one(id),
    }
}
