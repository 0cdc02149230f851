// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #111827;
  --color-primary: #1d4ed8;
  --color-border: #9ca3af;
  --color-surface-2: #f3f4f6;
  --text-md: 22px;
  --text-md--line-height: 28px;
  --text-lg: 28px;
  --text-lg--line-height: 35px;
  --text-xl: 34px;
  --text-xl--line-height: 42px;
  --text-2xl: 43px;
  --text-2xl--line-height: 54px;
  --font-weight-bold: 700;
  --spacing: 4px;
  --spacing-1: 4px;
  --spacing-2: 8px;
  --spacing-3: 12px;
  --spacing-4: 16px;
  --spacing-5: 20px;
  --spacing-10: 40px;
  --radius-md: 6px;
} */

function Hero() {
  return (
    <section className="flex items-start w-[95.94%] max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4 max-[800px]:w-full">
      <div className="flex flex-col items-start gap-2.5 w-[55.38%] min-w-0 max-[800px]:w-full">
        <h1 className="w-full min-h-[80px] text-2xl font-bold text-text max-[800px]:text-lg">Lorem ipsum dolor</h1>
        <h2 className="w-[57.99%] min-h-[50px] mt-5 text-xl font-bold text-text max-[800px]:w-full max-[800px]:text-lg">Sit amet</h2>
        <label className="w-[38.89%] min-h-[50px] mt-5 text-xl text-text max-[800px]:w-full max-[800px]:text-lg" htmlFor="elit-sed">Elit sed</label>
        <input className="w-[86.81%] h-[55px] px-3 text-md border border-border rounded-md max-[800px]:w-full" id="elit-sed" type="text" placeholder="Type here" aria-label="Elit sed" />
      </div>
      <img className="w-[38.46%] min-w-0 h-[305px] [margin-left:auto] object-cover max-[800px]:w-full max-[800px]:ml-0" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0MDAiIGhlaWdodD0iMzA1IiB2aWV3Qm94PSIwIDAgNDAwIDMwNSI+PHJlY3Qgd2lkdGg9IjQwMCIgaGVpZ2h0PSIzMDUiIGZpbGw9IiNlMmU4ZjAiLz48L3N2Zz4=" alt="Image" />
    </section>
  );
}

function ChooseOptionForm() {
  return (
    <section className="flex items-start w-full mt-[35px] max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4">
      <div className="flex flex-col items-start gap-7.5 w-[46.13%] min-w-0 max-[800px]:w-full">
        <select className="w-full h-15 px-2 text-md border border-border rounded-md" aria-label="Choose an option">
          <option>Choose an option</option>
        </select>
        <label className="flex items-center gap-2 w-3/5 min-h-[50px] text-xl text-text max-[800px]:w-full max-[800px]:text-lg"><input className="w-5 h-5 flex-none" type="checkbox" /> Nostrud</label>
      </div>
      <p className="w-[40.96%] min-w-0 min-h-[160px] [margin-left:auto] text-md text-text max-[800px]:w-full max-[800px]:ml-0">Do eiusmod tempor incididunt ut labore et dolore. Magna aliqua ut enim ad minim veniam quis.</p>
    </section>
  );
}

const nisiItems = [
  { label: "Ullamco" },
  { label: "Laboris" },
];

function NisiItem({ label }) {
  return (
    <label className="flex items-center gap-2 w-full min-h-[50px] text-xl text-text max-[800px]:text-lg"><input className="w-5 h-5 flex-none" type="radio" name="choice-1" /> {label}</label>
  );
}

function NisiList() {
  return (
    <section className="flex items-end w-[95.94%] max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4 max-[800px]:w-full">
      <div className="flex flex-col items-start gap-2.5 w-1/4 min-w-0 max-[800px]:w-full">
        {nisiItems.map((item) => (
          <NisiItem key={item.label} {...item} />
        ))}
        <button className="inline-flex justify-center items-center w-[92.31%] min-h-[55px] mt-[35px] px-2 text-md text-text bg-surface-2 border border-border rounded-md max-[800px]:w-full" type="button">Nisi ut</button>
      </div>
      <a className="w-[17.31%] min-w-0 min-h-[55px] ml-[3.85%] text-md text-primary max-[800px]:w-full max-[800px]:ml-0" href="#">Aliquip ex</a>
      <textarea className="w-[38.46%] min-w-0 h-45 [margin-left:auto] py-1 px-3 text-md border border-border rounded-md resize-y max-[800px]:w-full max-[800px]:ml-0" placeholder="Write here" aria-label="Write here"></textarea>
    </section>
  );
}

export default function App() {
  return (
    <div className="font-['DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col max-w-[1200px] mx-auto pt-10 pb-12.5 pr-[clamp(16px,4.67%,56px)] pl-[clamp(16px,5%,60px)] max-[800px]:px-4">
        <main className="flex flex-col items-start w-full">
          <Hero />
          <ChooseOptionForm />
          <NisiList />
        </main>
      </div>
    </div>
  );
}
