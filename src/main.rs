//! Entry point: a panic hook for readable reports, then mount.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sinh_anh::app::App);
}
