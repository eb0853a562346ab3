<%@ page isErrorPage="true" %>
<%@ include file="taglibs.jspf" %>
<fmt:message key="errorPage.title" var="title"/>
<%@ include file="header.jspf" %>
<main class="error-page">
  <h1><fmt:message key="${empty error ? 'errorPage.notFound' : 'errorPage.notAllowed'}"/></h1>
  <c:if test="${empty error}"><p><fmt:message key="errorPage.missing"/></p></c:if>
  <p><a href="${pageContext.request.contextPath}/rooms"><fmt:message key="errorPage.back"/></a></p>
</main>
<%@ include file="footer.jspf" %>
