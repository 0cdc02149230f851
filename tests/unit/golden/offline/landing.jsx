// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #475569;
  --color-text-2: #0f172a;
  --color-text-3: #cbd5e1;
  --color-muted: #617087;
  --color-text-4: #94a3b8;
  --color-border: #e2e8f0;
  --color-primary: #4f46e5;
  --color-surface-2: #f1f5f9;
  --text-sm: 14px;
  --text-sm--line-height: 20px;
  --text-md: 16px;
  --text-md--line-height: 24px;
  --text-lg: 18px;
  --text-lg--line-height: 28px;
  --text-xl: 22px;
  --text-xl--line-height: 26px;
  --text-2xl: 24px;
  --text-2xl--line-height: 32px;
  --text-3xl: 28px;
  --text-3xl--line-height: 34px;
  --text-4xl: 48px;
  --text-4xl--line-height: 56px;
  --font-weight-bold: 700;
  --spacing: 4px;
  --spacing-2: 8px;
  --spacing-3: 12px;
  --spacing-4: 16px;
  --spacing-6: 24px;
  --spacing-7: 28px;
  --spacing-12: 48px;
  --radius-md: 6px;
  --radius-lg: 8px;
  --radius-xl: 12px;
} */

const navLinks = [
  { label: "Features" },
  { label: "Pricing" },
  { label: "Contact" },
];

function NavLink({ label }) {
  return (
    <a className="text-md text-text-3" href="#">{label}</a>
  );
}

function SiteHeader() {
  return (
    <header className="flex flex-wrap justify-between items-center gap-y-2 w-full min-h-[72px] px-[clamp(16px,3.75%,48px)] text-surface bg-text-2 max-[800px]:px-4">
      <span className="shrink-0 max-w-full text-xl font-bold text-surface max-[800px]:shrink">Handoff</span>
      <nav className="flex flex-wrap items-start shrink-0 gap-x-6 gap-y-4">
        {navLinks.map((link) => (
          <NavLink key={link.label} {...link} />
        ))}
      </nav>
    </header>
  );
}

function Hero() {
  return (
    <section className="flex flex-col items-start gap-4 w-full">
      <h1 className="text-4xl font-bold text-text-2">Design to code, offline</h1>
      <p className="max-w-[454px] text-lg text-text">Turn a design image into clean React, HTML and Tailwind code, with no key and no network.</p>
    </section>
  );
}

const cards = [
  { title: "Starter", text: "For trying things out." },
  { title: "Team", text: "For small teams." },
  { title: "Studio", text: "For agencies and studios." },
];

function Card({ title, text }) {
  return (
    <article className="flex flex-col items-start gap-3 w-[31.76%] min-w-0 min-h-[168px] py-6 px-[clamp(16px,2.03%,24px)] bg-surface border border-border rounded-xl max-[800px]:w-full max-[800px]:px-4">
      <h2 className="text-2xl font-bold text-text-2">{title}</h2>
      <p className="text-md text-text">{text}</p>
      <button className="inline-flex justify-center items-center min-h-[40px] px-[31px] text-md font-bold text-surface bg-primary rounded-lg max-[800px]:px-4" type="button">Choose</button>
    </article>
  );
}

function CardGrid() {
  return (
    <section className="flex items-stretch gap-x-[2.36%] w-full mt-12 max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-7">
      {cards.map((card) => (
        <Card key={card.title} {...card} />
      ))}
    </section>
  );
}

function ContactForm() {
  return (
    <section className="flex flex-col items-start gap-2 w-[40.54%] mt-12 max-[800px]:w-full">
      <h2 className="text-3xl font-bold text-text-2">Contact us</h2>
      <label className="mt-2 text-md text-text-2" htmlFor="email">Email</label>
      <input className="w-[83.33%] h-10 px-3 text-md bg-surface border border-text-3 rounded-md placeholder:text-text-4 max-[800px]:w-full" id="email" type="text" placeholder="you@example.com" aria-label="Email" />
      <label className="flex items-center gap-2 mt-2 text-md"><input className="w-4.5 h-4.5 flex-none" type="checkbox" /> Send me updates</label>
      <select className="w-1/2 h-10 mt-2 px-2 text-md text-text-4 bg-surface border border-text-3 rounded-md max-[800px]:w-full" aria-label="Choose a plan">
        <option>Choose a plan</option>
      </select>
    </section>
  );
}

function ContentSection() {
  return (
    <>
      <img className="w-[47.3%] h-60 mt-12 object-cover max-[800px]:w-full" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI1NjAiIGhlaWdodD0iMjQwIiB2aWV3Qm94PSIwIDAgNTYwIDI0MCI+PHJlY3Qgd2lkdGg9IjU2MCIgaGVpZ2h0PSIyNDAiIGZpbGw9IiNjYmQ1ZTEiLz48L3N2Zz4=" alt="Product screenshot" />
      <hr className="w-full mt-12 border-t border-border" />
    </>
  );
}

function SiteFooter() {
  return (
    <footer className="flex items-center w-full min-h-[72px] mt-12 py-6 px-[clamp(16px,3.75%,48px)] bg-surface-2 max-[800px]:px-4">
      <span className="shrink-0 max-w-full text-sm text-muted max-[800px]:shrink">© 2025 Handoff</span>
    </footer>
  );
}

export default function App() {
  return (
    <div className="font-['DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col max-w-[1280px] mx-auto">
        <SiteHeader />
        <main className="flex flex-col items-start w-full mt-12 px-[3.75%] max-[800px]:px-4">
          <Hero />
          <CardGrid />
          <ContactForm />
          <ContentSection />
        </main>
        <SiteFooter />
      </div>
    </div>
  );
}
