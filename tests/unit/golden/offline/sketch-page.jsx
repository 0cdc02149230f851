// Design tokens (a Tailwind CSS 4 theme): utilities such as bg-primary, text-md and rounded-lg
// come from it. Put it in your CSS, after Tailwind is loaded; the project export puts it in
// src/index.css.
/* @theme {
  --color-surface: #ffffff;
  --color-text: #111827;
  --color-primary: #1d4ed8;
  --color-border: #9ca3af;
  --color-surface-2: #f3f4f6;
  --text-md: 18px;
  --text-md--line-height: 22px;
  --text-lg: 28px;
  --text-lg--line-height: 35px;
  --text-xl: 35px;
  --text-xl--line-height: 44px;
  --font-weight-bold: 700;
  --spacing: 4px;
  --spacing-1: 4px;
  --spacing-2: 8px;
  --spacing-4: 16px;
  --spacing-5: 20px;
  --spacing-6: 24px;
  --spacing-10: 40px;
  --spacing-11: 44px;
  --spacing-15: 60px;
  --radius-md: 6px;
} */

function Hero() {
  return (
    <section className="flex items-start w-[98.24%] max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4 max-[800px]:w-full">
      <h1 className="w-[69.23%] min-w-0 min-h-[90px] text-xl font-bold text-text max-[800px]:w-full max-[800px]:text-lg">Lorem ipsum dolor</h1>
      <a className="w-[14.13%] min-w-0 min-h-[40px] mt-5 [margin-left:auto] text-md text-primary max-[800px]:w-39.5 max-[800px]:mt-0 max-[800px]:ml-0" href="#">Sit amet</a>
    </section>
  );
}

function ImageGrid() {
  return (
    <section className="flex items-start gap-x-[3.64%] w-[96.66%] mt-6 max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-10 max-[800px]:w-full"><img className="w-[30.91%] min-w-0 h-50 object-cover max-[800px]:w-full" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIzNDAiIGhlaWdodD0iMjAwIiB2aWV3Qm94PSIwIDAgMzQwIDIwMCI+PHJlY3Qgd2lkdGg9IjM0MCIgaGVpZ2h0PSIyMDAiIGZpbGw9IiNlMmU4ZjAiLz48L3N2Zz4=" alt="Image" /> <img className="w-[30.91%] min-w-0 h-50 object-cover max-[800px]:w-full" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIzNDAiIGhlaWdodD0iMjAwIiB2aWV3Qm94PSIwIDAgMzQwIDIwMCI+PHJlY3Qgd2lkdGg9IjM0MCIgaGVpZ2h0PSIyMDAiIGZpbGw9IiNlMmU4ZjAiLz48L3N2Zz4=" alt="Image" /> <img className="w-[30.91%] min-w-0 h-50 object-cover max-[800px]:w-full" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIzNDAiIGhlaWdodD0iMjAwIiB2aWV3Qm94PSIwIDAgMzQwIDIwMCI+PHJlY3Qgd2lkdGg9IjM0MCIgaGVpZ2h0PSIyMDAiIGZpbGw9IiNlMmU4ZjAiLz48L3N2Zz4=" alt="Image" /> </section>
  );
}

function ConsecteturSection() {
  return (
    <section className="flex items-start w-[88.4%] mt-1 max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4 max-[800px]:w-full">
      <span className="w-[24.45%] min-w-0 min-h-[44px] text-md text-text max-[800px]:w-full">Consectetur</span>
      <span className="w-[24.45%] min-w-0 min-h-[44px] ml-[13.32%] text-md text-text max-[800px]:w-full max-[800px]:ml-0">Adipiscing elit</span>
      <span className="w-[24.45%] min-w-0 min-h-[44px] [margin-left:auto] text-md text-text max-[800px]:w-full max-[800px]:ml-0">Sed do eiusmod</span>
    </section>
  );
}

const text2s = [
  {
    text: "Tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam quis nostrud exercitation.",
  },
  {
    text: "Ullamco laboris nisi ut aliquip ex ea commodo. Consequat duis aute irure dolor in reprehenderit in.",
  },
  {
    text: "Voluptate velit esse cillum dolore eu fugiat nulla. Pariatur lorem ipsum dolor sit amet consectetur.",
  },
];

function Text2({ text }) {
  return (
    <p className="w-[33.22%] min-w-0 min-h-[120px] text-md text-text max-[800px]:w-full">{text}</p>
  );
}

function TextGrid() {
  return (
    <section className="flex items-start gap-x-[0.18%] w-full max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4">
      {text2s.map((text2) => (
        <Text2 key={text2.text} {...text2} />
      ))}
    </section>
  );
}

function AdipiscingSection() {
  return (
    <section className="flex items-start w-[82.6%] mt-1 max-[800px]:flex-col max-[800px]:items-start max-[800px]:gap-y-4 max-[800px]:w-full">
      <button className="inline-flex justify-center items-center w-[19.15%] min-w-0 min-h-[60px] px-2 text-md text-text bg-surface-2 border border-border rounded-md max-[800px]:w-full" type="button">Adipiscing</button>
      <button className="inline-flex justify-center items-center w-[19.15%] min-w-0 min-h-[60px] ml-[21.28%] px-2 text-md text-text bg-surface-2 border border-border rounded-md max-[800px]:w-full max-[800px]:ml-0" type="button">Elit sed</button>
      <button className="inline-flex justify-center items-center w-[19.15%] min-w-0 min-h-[60px] [margin-left:auto] px-2 text-md text-text bg-surface-2 border border-border rounded-md max-[800px]:w-full max-[800px]:ml-0" type="button">Do eiusmod</button>
    </section>
  );
}

function TemporIncididuntForm() {
  return (
    <>
      <label className="flex items-center gap-2 w-[26.36%] min-h-[50px] mt-11 text-md text-text max-[800px]:w-full"><input className="w-5 h-5 flex-none" type="radio" /> Tempor incididunt ut</label>
      <a className="w-[19.68%] min-h-[40px] mt-8.5 text-md text-primary max-[800px]:w-full" href="#">Labore et dolore</a>
    </>
  );
}

export default function App() {
  return (
    <div className="font-['DejaVu_Sans',Verdana,sans-serif] bg-surface wrap-anywhere min-h-screen">
      <div className="flex flex-col gap-4 max-w-[1200px] mx-auto pt-7.5 pb-15 pr-[clamp(16px,1.83%,22px)] pl-[clamp(16px,3.33%,40px)] max-[800px]:px-4">
        <main className="flex flex-col items-start gap-4 w-full">
          <Hero />
          <ImageGrid />
          <ConsecteturSection />
          <TextGrid />
          <AdipiscingSection />
          <TemporIncididuntForm />
        </main>
      </div>
    </div>
  );
}
