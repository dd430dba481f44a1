//! Entry point: a panic hook for readable reports, then mount, then a
//! performance mark for the cold-load benchmark.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

fn main() {
    // "panicked at src/…: message" in the console: what a bug report needs
    // (the engine's own trap that follows gives the stack).
    std::panic::set_hook(Box::new(|info| console_error(&info.to_string())));
    leptos::mount::mount_to_body(sinh_anh::app::App);
    // The prompt accepts input from here: the bench's cold load ends here.
    sinh_anh::web::clock::mark("sinh-anh:interactive");
}
