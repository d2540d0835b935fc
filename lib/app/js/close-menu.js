// Regiokaart: close the page menu once a page is chosen (loaded by lib/app/page_assets.py).
//
// On a narrow screen Streamlit turns its top navigation into a sidebar over the page and leaves
// it open after a choice, hiding the page that was asked for. A click on a menu link closes it
// with Streamlit's own button, as the visitor would. Installed once per browser tab.
(function closeMenuAfterChoice() {
    "use strict";
    if (window.regiokaartMenuCloses) {
        return;
    }
    window.regiokaartMenuCloses = true;

    function closeSidebar() {
        const sidebar = document.querySelector("[data-testid='stSidebar']");
        if (!sidebar || sidebar.getAttribute("data-collapsed") === "true") {
            return;
        }
        const button = document.querySelector("[data-testid='stSidebarCollapseButton'] button");
        if (button) {
            button.click();
        }
    }

    document.addEventListener("click", function onClick(event) {
        const target = event.target;
        if (!(target instanceof Element)) {
            return;
        }
        if (target.closest("[data-testid='stSidebarNavLink']")) {
            // after Streamlit has handled the link: the navigation has started
            window.requestAnimationFrame(closeSidebar);
        }
    });
}());
