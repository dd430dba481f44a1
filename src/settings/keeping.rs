//! Where the key is kept: in `localStorage` only when remembered, never
//! the demo key; Forget; and other tabs of the page followed, so a key
//! forgotten in one is not kept (or written back) in another.       [web]

use super::state::{SettingsState, KEY_STORAGE_KEY};
use crate::web::storage::{self, Store};
use leptos::prelude::*;

/// How long another tab's key must stay unchanged before this tab asks
/// the gateway's model list with it.
const FOLLOW_PAUSE_MS: u64 = 600;

impl SettingsState {
    /// Puts the key where the person asked (reactive): in `localStorage`
    /// when remembered, else in no storage at all (only this page's
    /// memory); never the demo key. A remembered key this tab kept goes
    /// when Remember does; one another tab keeps is left alone.
    pub fn store_key(&self) {
        let key = self.api_key.get();
        let taken = self.followed.try_update_value(Option::take).flatten();
        storage::remove(Store::Session, KEY_STORAGE_KEY);
        if self.remember_key.get() && !key.trim().is_empty() && !self.demo_key_in_use.get() {
            if taken.as_deref() != Some(key.as_str()) {
                storage::set(Store::Local, KEY_STORAGE_KEY, key.trim());
            }
            self.key_kept_here.set_value(true);
        } else if self.key_kept_here.get_value() {
            storage::remove(Store::Local, KEY_STORAGE_KEY);
            self.key_kept_here.set_value(false);
        }
    }

    /// Clears the key from the field and from both storages.
    pub fn forget_key(&self) {
        self.api_key.set(String::new());
        self.remember_key.set(false);
        self.demo_key_in_use.set(false);
        storage::remove(Store::Local, KEY_STORAGE_KEY);
        storage::remove(Store::Session, KEY_STORAGE_KEY);
        self.key_kept_here.set_value(false);
        self.key_forgotten.set(true);
        self.commit_gateway();
    }

    /// Another tab forgot the remembered key, or remembered one: this tab
    /// follows, so a key forgotten there is neither kept here nor written
    /// back by this tab's next change. A key only in this tab's memory (not
    /// remembered) is this tab's own, and stays.
    pub fn follow_other_tabs(&self) {
        let this = *self;
        storage::on_change_elsewhere(KEY_STORAGE_KEY, move |stored| {
            if this.demo_key_in_use.get_untracked() {
                return;
            }
            let remembered = this.remember_key.get_untracked();
            match stored {
                None if remembered => {
                    this.key_kept_here.set_value(false);
                    this.api_key.set(String::new());
                    this.remember_key.set(false);
                    this.key_forgotten.set(true);
                }
                Some(key) if remembered || this.api_key.with_untracked(String::is_empty) => {
                    this.key_kept_here.set_value(true);
                    this.followed.set_value(Some(key.clone()));
                    this.api_key.set(key);
                    this.remember_key.set(true);
                    this.key_forgotten.set(false);
                }
                _ => return,
            }
            // The other tab may be typing the key (each keystroke is an
            // event): the model list is asked once it pauses.
            if let Some(Some(handle)) = this.follow_commit.try_get_value() {
                handle.clear();
            }
            let handle = set_timeout_with_handle(
                move || this.commit_gateway(),
                std::time::Duration::from_millis(FOLLOW_PAUSE_MS),
            )
            .ok();
            this.follow_commit.set_value(handle);
        });
    }
}
