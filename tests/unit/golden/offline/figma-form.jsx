// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #2563eb;
  --color-text-2: #334155;
  --color-text-3: #111827;
  --color-muted: #94a3b8;
  --color-border: #cbd5e1;
  --text-md: 14px;
  --text-md--line-height: 21px;
  --text-lg: 16px;
  --text-lg--line-height: 24px;
  --text-xl: 28px;
  --text-xl--line-height: 42px;
  --font-weight-semibold: 600;
  --font-weight-bold: 700;
  --spacing: 4px;
  --spacing-2: 8px;
  --spacing-3: 12px;
  --spacing-4: 16px;
  --spacing-6: 24px;
  --spacing-10: 40px;
  --radius-md: 6px;
  --radius-lg: 8px;
} */

function Hero() {
  return (
    <>
      <h1 className="text-xl font-bold text-text-3">Sign in</h1>
      <label className="mt-3 text-md font-semibold text-text-2" htmlFor="email">Email</label>
      <input className="w-full h-11 px-3.5 text-md bg-surface border border-border rounded-md placeholder:text-muted" id="email" type="text" placeholder="you@example.com" aria-label="Email" />
      <label className="mt-4 text-md font-semibold text-text-2" htmlFor="password">Password</label>
      <input className="w-full h-11 px-3.5 text-md bg-surface border border-border rounded-md placeholder:text-muted" id="password" type="text" placeholder="At least 8 characters" aria-label="Password" />
      <button className="inline-flex justify-center items-center min-h-[48px] mt-6 px-6 text-lg font-semibold text-surface bg-text rounded-lg text-center max-sm:px-4" type="button">Sign in</button>
      <a className="mt-2 text-md text-text [text-decoration:underline]" href="#">Forgot your password?</a>
    </>
  );
}

export default function App() {
  return (
    <div className="font-['Inter','DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col gap-2 max-w-[480px] mx-auto py-10 px-[clamp(16px,8.33%,40px)] max-sm:px-4">
        <main className="flex flex-col items-start gap-2 w-full">
          <Hero />
        </main>
      </div>
    </div>
  );
}
