// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #0f172a;
  --color-surface-2: #f1f5f9;
  --text-md: 16px;
  --text-md--line-height: 24px;
  --text-lg: 32px;
  --text-lg--line-height: 40px;
  --font-weight-bold: 700;
  --spacing: 4px;
  --spacing-2: 8px;
  --spacing-4: 16px;
  --spacing-5: 20px;
  --spacing-6: 24px;
  --spacing-10: 40px;
  --spacing-29: 116px;
  --spacing-38: 152px;
  --radius-lg: 8px;
} */

function Hero() {
  return (
    <section className="flex flex-col items-start w-[98.88%] md:flex-row md:flex-wrap md:items-center md:gap-y-2 md:w-full">
      <h1 className="text-lg font-bold text-text md:shrink-0 md:max-w-full">Plans for every team</h1>
      <button className="inline-flex justify-center items-center self-end min-h-[32px] px-4 text-md text-text md:hidden" type="button">Menu</button>
      <a className="hidden md:inline md:shrink-0 md:max-w-full md:[margin-left:auto] md:text-md md:text-text" href="#">Pricing</a>
    </section>
  );
}

function StarterPlanSection() {
  return (
    <section className="flex flex-col items-start gap-5 w-full min-h-[380px] md:flex-row md:[gap:normal] md:gap-x-[3.33%] md:w-[99.01%] md:[min-height:auto]">
      <div className="flex flex-col items-start w-full min-h-[180px] pt-4 pb-29 pl-4 bg-surface-2 rounded-lg order-1 md:w-[48.33%] md:min-w-0 md:min-h-[200px] md:pt-6 md:pb-38 md:pr-[clamp(16px,9.33%,112px)] md:pl-[clamp(16px,2%,24px)] md:order-none">
        <p className="text-md text-text">Starter plan for trying things out</p>
      </div>
      <div className="flex flex-col items-start w-full min-h-[180px] pt-4 pb-29 pl-4 bg-surface-2 rounded-lg order-none md:w-[48.33%] md:min-w-0 md:min-h-[200px] md:pt-6 md:pb-38 md:pr-[clamp(16px,7.5%,90px)] md:pl-[clamp(16px,2%,24px)]">
        <p className="text-md text-text">Studio plan for agencies and studios</p>
      </div>
    </section>
  );
}

export default function App() {
  return (
    <div className="font-['DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col mx-auto pt-6 pb-10 px-4 md:gap-10 md:max-w-[1280px] md:py-10 md:pr-[clamp(16px,2.19%,28px)] md:pl-[clamp(16px,3.12%,40px)]">
        <main className="flex flex-col items-start w-full min-h-[456px] md:gap-10 md:[min-height:auto]">
          <Hero />
          <StarterPlanSection />
        </main>
      </div>
    </div>
  );
}
