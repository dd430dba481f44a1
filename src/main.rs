//! Entry point: a panic hook for readable reports, then mount, then a
//! performance mark for the cold-load benchmark.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sinh_anh::app::App);
    // The prompt accepts input from here: the bench's cold load ends here.
    sinh_anh::web::clock::mark("sinh-anh:interactive");
}
