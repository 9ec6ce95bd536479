import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from "preact-iso";
import { Toasts } from "./components/ui";
import { SignIn } from "./routes/sign-in";
import { StudyEditor } from "./routes/study-editor";
import { StudyList } from "./routes/study-list";
import { StudyPage } from "./routes/study-page";
import type { AppState } from "./state/app-state";
import { AppContext, useApp, useSnapshot } from "./state/context";

/** The replay view carries rrweb: it loads only when a session is opened. */
const Replay = lazy(() => import("./routes/replay").then((m) => m.Replay));
/** The click map rebuilds a page with rrweb too. */
const ClickMap = lazy(() => import("./routes/click-map").then((m) => m.ClickMap));

function NotFound() {
  return (
    <main class="page">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to the studies</a>
      </p>
    </main>
  );
}

function Header() {
  const app = useApp();
  const { path } = useLocation();
  return (
    <header class="top">
      <a href="/" class="brand" aria-label="Frictionmap: all studies">
        <span class="logo" aria-hidden="true" />
        Frictionmap
      </a>
      <nav aria-label="Main">
        <a href="/" class="nav-link" aria-current={path === "/" ? "page" : undefined}>
          Studies
        </a>
      </nav>
      <button type="button" class="link" onClick={() => app.signOut()}>
        Sign out
      </button>
    </header>
  );
}

function Shell() {
  const { token } = useSnapshot();
  if (!token) return <SignIn />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <div id="main">
        <ErrorBoundary>
          <Router>
            <Route path="/" component={StudyList} />
            <Route path="/studies/new" component={StudyEditor} />
            <Route path="/studies/:id/edit" component={StudyEditor} />
            <Route path="/studies/:id/click-map" component={ClickMap} />
            <Route path="/studies/:id/:tab?" component={StudyPage} />
            <Route path="/sessions/:id" component={Replay} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </div>
    </>
  );
}

export function App({ app }: { app: AppState }) {
  return (
    <AppContext.Provider value={app}>
      <LocationProvider>
        <Shell />
        <Toasts />
      </LocationProvider>
    </AppContext.Provider>
  );
}
