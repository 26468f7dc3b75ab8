//! The standalone app's entry point, built by trunk.

fn main() {
    pq_app::mount();
}
