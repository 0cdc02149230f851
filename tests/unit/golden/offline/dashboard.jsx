// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #475569;
  --color-text-2: #0f172a;
  --color-border: #e2e8f0;
  --color-muted: #94a3b8;
  --color-border-2: #cbd5e1;
  --color-primary: #4f46e5;
  --color-surface-2: #f8fafc;
  --text-md: 14px;
  --text-md--line-height: 20px;
  --text-lg: 16px;
  --text-lg--line-height: 24px;
  --text-xl: 20px;
  --text-xl--line-height: 28px;
  --text-2xl: 24px;
  --text-2xl--line-height: 32px;
  --text-3xl: 28px;
  --text-3xl--line-height: 34px;
  --text-4xl: 30px;
  --text-4xl--line-height: 36px;
  --font-weight-bold: 700;
  --spacing: 4px;
  --spacing-1: 4px;
  --spacing-2: 8px;
  --spacing-3: 12px;
  --spacing-4: 16px;
  --spacing-5: 20px;
  --spacing-6: 24px;
  --spacing-8: 32px;
  --radius-md: 6px;
  --radius-lg: 8px;
} */

function Hero() {
  return (
    <section className="flex justify-between items-center w-full max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4">
      <h1 className="shrink-0 max-w-full text-4xl font-bold text-text-2 max-[800px]:shrink">Dashboard</h1>
      <div className="flex items-center gap-x-[4.35%] w-[30.26%] min-w-0 max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4 max-[800px]:w-full">
        <span className="inline-block flex-none w-6 h-6 bg-text rounded-md" aria-hidden="true"></span>
        <input className="w-[65.22%] min-w-0 h-10 px-3 text-lg bg-surface border border-border-2 rounded-md placeholder:text-muted max-[800px]:w-full" type="text" placeholder="Search" aria-label="Search" />
        <button className="inline-flex justify-center items-center shrink-0 min-h-[40px] px-[23px] text-md text-text-2 border border-border rounded-md max-[800px]:px-4" type="button">New</button>
      </div>
    </section>
  );
}

const navLinks = [
  { label: "Reports" },
  { label: "Customers" },
  { label: "Invoices" },
  { label: "Settings" },
];

function NavLink({ label }) {
  return (
    <a className="text-lg text-text" href="#">{label}</a>
  );
}

const monthlySummaryCards = [
  { text: "Revenue", title: "$48,200" },
  { text: "Orders", title: "1,284" },
  { text: "Refunds", title: "23" },
  { text: "Visitors", title: "9,730" },
];

function MonthlySummaryCard({ text, title }) {
  return (
    <article className="flex flex-col items-start gap-2 w-[23.11%] min-w-0 min-h-[96px] p-4 border border-border rounded-lg max-[800px]:w-full">
      <span className="text-md text-text">{text}</span>
      <h2 className="text-3xl font-bold text-text-2">{title}</h2>
    </article>
  );
}

const monthlySummaryItems = [
  { label: "Monthly" },
  { label: "Yearly" },
];

function MonthlySummaryItem({ label }) {
  return (
    <label className="flex items-center shrink-0 gap-2 mt-5 text-md text-text max-[800px]:mt-0"><input className="w-4 h-4 flex-none" type="radio" /> {label}</label>
  );
}

function MonthlySummaryGrid() {
  return (
    <section className="flex items-start gap-x-[1.97%] w-full max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-6">
      <nav className="flex flex-col items-start gap-4 w-[19.74%] min-w-0 min-h-[220px] p-4 bg-surface-2 rounded-lg max-[800px]:w-full">
        <a className="text-lg text-text-2" href="#">Overview</a>
        {navLinks.map((link) => (
          <NavLink key={link.label} {...link} />
        ))}
      </nav>
      <div className="flex flex-col items-start gap-6 w-[78.29%] min-w-0 max-[800px]:w-full">
        <div className="flex flex-col items-start w-full">
          <h2 className="self-center text-2xl font-bold text-text-2 text-center">Monthly summary</h2>
        </div>
        <div className="flex items-start gap-x-[2.52%] w-full max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-6">
          {monthlySummaryCards.map((card) => (
            <MonthlySummaryCard key={card.text} {...card} />
          ))}
        </div>
        <div className="flex items-start gap-x-[2.52%] w-full max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-6">
          <img className="flex-none w-16 h-16 object-cover" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI2NCIgaGVpZ2h0PSI2NCIgdmlld0JveD0iMCAwIDY0IDY0Ij48cmVjdCB3aWR0aD0iNjQiIGhlaWdodD0iNjQiIGZpbGw9IiNjN2QyZmUiLz48L3N2Zz4=" alt="Jane Cooper" />
          <div className="flex flex-col items-start gap-1 w-[39.92%] min-w-0 -ml-[0.84%] max-[800px]:w-full max-[800px]:ml-0">
            <h3 className="text-xl font-bold text-text-2">Jane Cooper</h3>
            <p className="max-w-[324px] text-md text-text">Designer at Acme. Turns wireframes into pages, &lt;b&gt;fast&lt;/b&gt; &amp; &#123;often&#125;.</p>
          </div>
          <hr className="flex-none h-16 border-t-0 border-l border-border max-[800px]:hidden" />
          {monthlySummaryItems.map((item) => (
            <MonthlySummaryItem key={item.label} {...item} />
          ))}
        </div>
        <textarea className="w-[63.03%] h-30 py-1 px-3 text-lg bg-surface border border-border-2 rounded-md resize-y placeholder:text-muted max-[800px]:w-full" placeholder="Write a note…" aria-label="Write a note…"></textarea>
        <button className="flex flex-wrap items-center gap-2 min-h-[44px] py-3 px-4 text-surface bg-primary rounded-full" type="button">
          <span className="inline-block flex-none w-5 h-5 bg-surface rounded-full" aria-hidden="true"></span>
          <span className="text-md font-bold text-surface">Send note</span>
        </button>
      </div>
    </section>
  );
}

export default function App() {
  return (
    <div className="font-['DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col gap-6 max-w-[1280px] mx-auto py-8 px-[clamp(16px,2.5%,32px)] max-[800px]:px-4">
        <main className="flex flex-col items-start gap-6 w-full">
          <Hero />
          <MonthlySummaryGrid />
        </main>
      </div>
    </div>
  );
}
