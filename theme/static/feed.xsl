<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS 2.0 or Atom feed of the site as a readable Chinese page when
     someone opens it in a browser; feed readers ignore this stylesheet. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
<xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

<xsl:variable name="self" select="(/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href)[1]"/>
<xsl:variable name="format">
  <xsl:choose><xsl:when test="/atom:feed">Atom</xsl:when><xsl:otherwise>RSS</xsl:otherwise></xsl:choose>
</xsl:variable>
<xsl:variable name="title" select="normalize-space(/rss/channel/title | /atom:feed/atom:title)"/>
<xsl:variable name="site" select="(/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href)[1]"/>
<!-- The 订阅 page (/feeds/), relative to this feed (/feeds/x.xml or /feeds/members/x.xml). -->
<xsl:variable name="howto">
  <xsl:choose><xsl:when test="contains(substring-after($self, '/feeds/'), '/')">../</xsl:when><xsl:otherwise>./</xsl:otherwise></xsl:choose>
</xsl:variable>

<xsl:template match="/">
<html lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="$title"/>（订阅源）</title>
<style>
body { margin: 0; color: #1f2328; background: #fff; font-size: 1.0625rem; line-height: 1.8;
  font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
.wrap { max-width: 50rem; margin: 0 auto; padding: 0 1rem; }
.hint { background: #9e1b1b; color: #fff; padding: 1rem 0; }
.hint p { margin: .25rem 0; }
.hint strong { font-size: 1.25rem; }
.hint a { color: #fff; font-weight: 700; }
.address { display: block; background: #fff; color: #1f2328; padding: .25rem .5rem; border-radius: 4px; overflow-wrap: anywhere; font-family: monospace; }
h1 { font-size: 1.5rem; line-height: 1.4; margin: 1.25rem 0 .5rem; }
.about { color: #555d66; }
ol { list-style: none; margin: 1rem 0 2rem; padding: 0; }
li { border-bottom: 1px dashed #d8dde3; padding: .6rem 0; }
li a { color: #1f2328; font-weight: 700; text-decoration: none; }
li a:hover { color: #9e1b1b; text-decoration: underline; }
time { display: block; color: #555d66; font-size: .9375rem; }
li p { margin: .25rem 0 0; color: #3b4148; }
a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
</style>
</head>
<body>
<header class="hint">
  <div class="wrap">
    <p><strong>这是“<xsl:value-of select="$title"/>”的订阅源（<xsl:value-of select="$format"/>）</strong></p>
    <p>订阅方法：复制下面的地址，粘贴到 RSS 阅读器（如 Feedly、Inoreader、NetNewsWire、Thunderbird）的“添加订阅”中，有新内容时阅读器会自动收到。</p>
    <p><span class="address"><xsl:value-of select="$self"/></span></p>
    <p><a href="{$howto}">查看图文订阅说明和全部栏目订阅地址</a></p>
  </div>
</header>
<main class="wrap">
  <h1><xsl:value-of select="$title"/></h1>
  <p class="about"><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/>
    <xsl:text> </xsl:text><a href="{$site}">在网站上浏览</a></p>
  <xsl:choose>
    <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
      <ol>
        <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
      </ol>
    </xsl:when>
    <xsl:otherwise><p>本订阅源暂时没有内容。</p></xsl:otherwise>
  </xsl:choose>
</main>
</body>
</html>
</xsl:template>

<xsl:template match="item">
  <li>
    <a href="{link}"><xsl:value-of select="title"/></a>
    <time><xsl:call-template name="rfc822-date"><xsl:with-param name="value" select="pubDate"/></xsl:call-template></time>
    <p><xsl:call-template name="plain"><xsl:with-param name="html" select="description"/></xsl:call-template></p>
  </li>
</xsl:template>

<xsl:template match="atom:entry">
  <li>
    <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
    <time><xsl:value-of select="substring(atom:published | atom:updated[not(../atom:published)], 1, 10)"/></time>
    <p><xsl:call-template name="plain"><xsl:with-param name="html" select="atom:summary"/></xsl:call-template></p>
  </li>
</xsl:template>

<!-- "Tue, 20 Dec 2022 10:00:00 +0800" → 2022-12-20 -->
<xsl:template name="rfc822-date">
  <xsl:param name="value"/>
  <xsl:variable name="rest" select="normalize-space(substring-after($value, ','))"/>
  <xsl:variable name="day" select="substring-before($rest, ' ')"/>
  <xsl:variable name="after-day" select="substring-after($rest, ' ')"/>
  <xsl:variable name="month" select="substring-before($after-day, ' ')"/>
  <xsl:variable name="year" select="substring(substring-after($after-day, ' '), 1, 4)"/>
  <xsl:variable name="number" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $month)) div 3 + 1"/>
  <xsl:value-of select="concat($year, '-', format-number($number, '00'), '-', format-number($day, '00'))"/>
</xsl:template>

<!-- Summaries are HTML in text: keep the words, drop the tags. -->
<xsl:template name="plain">
  <xsl:param name="html"/>
  <xsl:choose>
    <xsl:when test="contains($html, '&lt;')">
      <xsl:value-of select="substring-before($html, '&lt;')"/>
      <xsl:call-template name="plain">
        <xsl:with-param name="html" select="substring-after(substring-after($html, '&lt;'), '&gt;')"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:otherwise><xsl:value-of select="$html"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>
</xsl:stylesheet>
