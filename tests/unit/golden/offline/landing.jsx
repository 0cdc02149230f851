const navLinks = [
  { label: "Features" },
  { label: "Pricing" },
  { label: "Contact" },
];

function NavLink({ label }) {
  return (
    <a className="text-base text-[#cbd5e1]" href="#">{label}</a>
  );
}

function SiteHeader() {
  return (
    <header className="flex flex-wrap justify-between items-center gap-y-2 w-full min-h-[72px] px-12 text-white bg-[#0f172a] max-[800px]:px-4">
      <span className="text-[22px] leading-[26px] font-bold text-white">Handoff</span>
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
      <h1 className="text-5xl leading-14 font-bold text-[#0f172a]">Design to code, offline</h1>
      <p className="max-w-[454px] text-lg text-[#475569]">Turn a design image into clean React, HTML and Tailwind code, with no key and no network.</p>
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
    <article className="flex flex-col items-start gap-3 w-[31.76%] min-w-0 min-h-[168px] p-6 bg-white border border-[#e2e8f0] rounded-xl max-[800px]:w-full max-[800px]:px-4">
      <h2 className="text-2xl font-bold text-[#0f172a]">{title}</h2>
      <p className="text-base text-[#475569]">{text}</p>
      <button className="inline-flex justify-center items-center min-h-[40px] px-[31px] text-base font-bold text-white bg-[#4f46e5] rounded-lg max-[800px]:px-4" type="button">Choose</button>
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
      <h2 className="text-[28px] leading-[34px] font-bold text-[#0f172a]">Contact us</h2>
      <label className="mt-2 text-base text-[#0f172a]" htmlFor="email">Email</label>
      <input className="w-[83.33%] h-10 px-3 text-base bg-white border border-[#cbd5e1] rounded-md placeholder:text-[#94a3b8] max-[800px]:w-full" id="email" type="text" placeholder="you@example.com" aria-label="Email" />
      <label className="flex items-center gap-2 mt-2 text-base"><input className="w-4.5 h-4.5 flex-none" type="checkbox" /> Send me updates</label>
      <select className="w-1/2 h-10 mt-2 px-2 text-base text-[#94a3b8] bg-white border border-[#cbd5e1] rounded-md max-[800px]:w-full" aria-label="Choose a plan">
        <option>Choose a plan</option>
      </select>
    </section>
  );
}

function ContentSection() {
  return (
    <>
      <img className="w-[47.3%] h-60 mt-12 object-cover max-[800px]:w-full" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI1NjAiIGhlaWdodD0iMjQwIiB2aWV3Qm94PSIwIDAgNTYwIDI0MCI+PHJlY3Qgd2lkdGg9IjU2MCIgaGVpZ2h0PSIyNDAiIGZpbGw9IiNjYmQ1ZTEiLz48L3N2Zz4=" alt="Product screenshot" />
      <hr className="w-full mt-12 border-t border-[#e2e8f0]" />
    </>
  );
}

function SiteFooter() {
  return (
    <footer className="flex items-center w-full min-h-[72px] mt-12 py-6 px-12 bg-[#f1f5f9] max-[800px]:px-4">
      <span className="text-sm text-[#64748b]">© 2025 Handoff</span>
    </footer>
  );
}

export default function App() {
  return (
    <div className="font-['DejaVu_Sans',Verdana,sans-serif] bg-white wrap-anywhere min-h-screen">
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
