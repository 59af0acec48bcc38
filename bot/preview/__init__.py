"""`mtpbot preview`, offline: every page as readers will see it, through the wiki's own parser, charts drawn.

pages.py    the pages rendered for the preview and written as standalone files, with an index
html.py     the HTML documents: the parser's HTML, a note, absolute links, a stylesheet, a strict CSP
charts.py   each {{#chart:…}} drawn where it sits, from the .tab/.chart JSON the bot would save
echarts.py  the ECharts option of a chart, as Extension:Chart draws it
script.py   the script beside the files that draws the charts
"""
