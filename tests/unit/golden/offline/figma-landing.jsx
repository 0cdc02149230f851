// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #111827;
  --color-muted: #617087;
  --color-primary: #2563eb;
  --color-border: #e2e8f0;
  --color-surface-2: #f8fafc;
  --color-surface-3: #0f172a;
  --color-surface-4: #f1f5f9;
  --text-sm: 14px;
  --text-sm--line-height: 21px;
  --text-md: 16px;
  --text-md--line-height: 24px;
  --text-lg: 18px;
  --text-lg--line-height: 27px;
  --text-xl: 22px;
  --text-xl--line-height: 33px;
  --text-2xl: 24px;
  --text-2xl--line-height: 36px;
  --text-3xl: 48px;
  --text-3xl--line-height: 72px;
  --font-weight-semibold: 600;
  --font-weight-bold: 700;
  --font-weight-extrabold: 800;
  --spacing: 4px;
  --spacing-1: 4px;
  --spacing-2: 8px;
  --spacing-4: 16px;
  --spacing-5: 20px;
  --spacing-6: 24px;
  --spacing-8: 32px;
  --radius-lg: 8px;
  --radius-xl: 12px;
} */

const navLinks = [
  { label: "Features" },
  { label: "Pricing" },
  { label: "Docs" },
];

function NavLink({ label }) {
  return (
    <a className="text-md text-border" href="#">{label}</a>
  );
}

function SiteHeader() {
  return (
    <header className="flex flex-wrap justify-between items-center gap-y-2 w-full min-h-[72px] px-[clamp(16px,3.12%,40px)] bg-surface-3 max-[800px]:px-4">
      <h2 className="shrink-0 max-w-full text-xl font-bold text-surface max-[800px]:shrink">Acme Cloud</h2>
      <nav className="flex flex-wrap items-start shrink-0 gap-x-8 gap-y-4">
        {navLinks.map((link) => (
          <NavLink key={link.label} {...link} />
        ))}
      </nav>
    </header>
  );
}

function Hero() {
  return (
    <section className="flex flex-col items-start gap-4 w-full pt-4 px-[clamp(16px,3.12%,40px)] max-[800px]:px-4">
      <h1 className="text-3xl font-extrabold text-text">Ship your product faster</h1>
      <p className="text-lg text-text">Preview every change, share it with your team and go live with one click.</p>
      <button className="inline-flex justify-center items-center min-h-[48px] px-6 text-md font-semibold text-surface bg-primary rounded-lg text-center max-[800px]:px-4" type="button">Get started</button>
    </section>
  );
}

const pricingCards = [
  { title: "Plan Starter", text: "$9 / month" },
  { title: "Plan Team", text: "$29 / month" },
  { title: "Plan Scale", text: "$49 / month" },
];

function PricingCard({ title, text }) {
  return (
    <article className="flex flex-col items-start gap-2 w-92 max-w-full min-h-[172px] py-6 px-[clamp(16px,2%,24px)] bg-surface-2 border border-border rounded-xl [box-shadow:0_4px_12px_0_rgba(0,_0,_0,_0.12)] max-[800px]:px-4">
      <h2 className="text-2xl font-bold text-text">{title}</h2>
      <p className="max-w-[320px] text-md text-text">Everything a small team needs to ship: hosting, previews and logs.</p>
      <span className="mt-1 text-md font-semibold text-primary">{text}</span>
    </article>
  );
}

function CardGrid() {
  return (
    <section className="flex flex-wrap items-start gap-x-[2.67%] gap-y-8 w-full px-[clamp(16px,3.12%,40px)] max-[800px]:px-4">
      {pricingCards.map((card) => (
        <PricingCard key={card.title} {...card} />
      ))}
    </section>
  );
}

function SiteFooter() {
  return (
    <footer className="flex items-start w-full min-h-[64px] mt-4 py-5 px-[clamp(16px,3.12%,40px)] bg-surface-4 max-[800px]:px-4">
      <span className="shrink-0 max-w-full text-sm text-muted max-[800px]:shrink">© 2026 Acme Cloud. All rights reserved.</span>
    </footer>
  );
}

export default function App() {
  return (
    <div className="font-['Inter','DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col gap-8 max-w-[1280px] mx-auto">
        <SiteHeader />
        <main className="flex flex-col items-start gap-8 w-full">
          <Hero />
          <CardGrid />
        </main>
        <SiteFooter />
      </div>
    </div>
  );
}
