"""Talk bodies: Hugo Markdown (Goldmark) → tokens → docutils nodes.

One parse, no Markdown text in between: :mod:`.parser` configures markdown-it as
Hugo's default Goldmark (:mod:`.paragraphs`: where Goldmark reads lines otherwise),
:mod:`.calls` reads shortcode calls, :mod:`.placeholders` and :mod:`.shortcodes` make
them tokens as Hugo reads them (:mod:`.pairs` renders a pair's text),
:mod:`.headings` gives headings Hugo's ids and their depth by the stack rule,
:mod:`.speakers` finds the people of a Speakers section, :mod:`.facts` tells the
readers what a body holds (videos, links for the header, bios, a redirect), and
:mod:`.blocks` (with :mod:`.structures`), :mod:`.inline`, :mod:`.embeds` and
:mod:`.html` turn the tokens into docutils nodes (:mod:`.elements` the nodes docutils
lacks; :mod:`.context` what a rendering needs).  Nothing here imports a Sphinx builder;
:mod:`.directive` is the one module a Sphinx build calls.
"""
