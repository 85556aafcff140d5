a = "%{if a}%{if b}x%{else}y%{endif}%{endif}"
