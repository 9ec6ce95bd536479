/**
 * The demo site's heavy page, /catalog: a shop catalogue of 2,000 products rendered on the
 * client, a live clock that ticks every second, a search box that counts matches, an "Add"
 * button per product and client-side routes (pushState) that rebuild the list: All, Newest
 * first, About. What a recorder meets on a large single-page app; the recorder benchmark
 * (npm run bench:recorder) drives it.
 */

export const CATALOG_ITEMS = 2000;

export const CATALOG_CSS = `.items{list-style:none;padding:0;columns:3;font-family:system-ui,sans-serif;font-size:14px}
.items li{break-inside:avoid;padding:4px 0;border-bottom:1px solid #eee}.items button{margin-left:8px;font-size:12px}
.live{font-family:system-ui,sans-serif;color:#17324d}#q{width:100%;max-width:420px}`;

export const CATALOG_BODY = `<h1>Catalogue</h1>
<p class="tabs"><a href="/catalog" data-route>All</a><a href="/catalog/new" data-route>Newest first</a><a href="/catalog/about" data-route>About</a></p>
<p class="live">Open now · <span id="clock"></span> · <span id="cart">Cart: 0</span></p>
<p><input id="q" name="q" placeholder="Search the catalogue" autocomplete="off"> <span id="found"></span></p>
<div id="view"></div>
<script>
const N=${CATALOG_ITEMS};
const kinds=["Desk lamp","Notebook","Mug","Backpack","Chair","Poster","Headphones","Plant pot","Bottle","Clock"];
const items=Array.from({length:N},(_,i)=>({id:i+1,name:kinds[i%kinds.length]+" "+(i+1),price:((i*7919)%9000/100+5).toFixed(2)}));
let cart=0;
function list(order){const ul=document.createElement("ul");ul.className="items";
for(const it of order){const li=document.createElement("li");const b=document.createElement("b");b.textContent=it.name;
const s=document.createElement("span");s.textContent=" €"+it.price;const btn=document.createElement("button");
btn.textContent="Add";btn.dataset.id=String(it.id);li.append(b,s,btn);ul.append(li);}return ul;}
function show(){const view=document.getElementById("view");const p=location.pathname;
if(p.startsWith("/catalog/about")){view.replaceChildren();view.innerHTML="<h2>About the catalogue</h2><p>Everything we sell, updated daily.</p>";return;}
view.replaceChildren(list(p.startsWith("/catalog/new")?[...items].reverse():items));}
document.querySelectorAll("[data-route]").forEach(a=>a.addEventListener("click",e=>{e.preventDefault();history.pushState({},"",a.getAttribute("href"));show();}));
addEventListener("popstate",show);
document.getElementById("view").addEventListener("click",e=>{const id=e.target.dataset&&e.target.dataset.id;
if(id){cart++;document.getElementById("cart").textContent="Cart: "+cart;}});
document.getElementById("q").addEventListener("input",e=>{const q=e.target.value.toLowerCase();
document.getElementById("found").textContent=q?items.filter(it=>it.name.toLowerCase().includes(q)).length+" matches":"";});
const tick=()=>{document.getElementById("clock").textContent=new Date().toISOString().slice(11,19);};
tick();setInterval(tick,1000);show();
</script>`;
